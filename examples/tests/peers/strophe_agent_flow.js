// An agent desktop's view of one call, driven the way a Finesse gadget drives it: strophe.js
// over BOSH for notifications, fetch() for the REST API, both on one HTTPS origin.
// Run by tests/stack_strophe.rs:
//   node strophe_agent_flow.js <origin> <admin-url> <domain> <agent> <password> <extension> <queue> <final-state[|final-state]>
// The CA of the lab's self-signed certificate comes in through NODE_EXTRA_CA_CERTS.
// Prints one JSON line with everything it saw; exits 0 when the whole flow happened, 1 otherwise.
'use strict';

const XHR2 = require('xhr2');
const { DOMParser } = require('@xmldom/xmldom');

// strophe's BOSH transport needs responseXML; xhr2 only gives responseText.
class XMLHttpRequestWithXML extends XHR2 {
    constructor() {
        super();
        Object.defineProperty(this, 'responseXML', {
            configurable: true,
            get: () => {
                if (this.readyState !== 4 || !this.responseText) return null;
                try {
                    return new DOMParser().parseFromString(this.responseText, 'text/xml');
                } catch (e) {
                    return null;
                }
            },
        });
    }
}
globalThis.XMLHttpRequest = XMLHttpRequestWithXML;

const { Strophe, $pres } = require('strophe.js');
Strophe.log = () => {};

const [origin, adminUrl, domain, agent, password, extension, queue, finalState] = process.argv.slice(2);
const result = { connected: false, steps: [], userStates: [], dialogEvents: [], errors: [] };
const updates = [];
const waiters = [];

function finish(ok, why) {
    result.ok = ok;
    if (why) result.failure = why;
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(ok ? 0 : 1);
}
setTimeout(() => finish(false, 'overall timeout'), 60000).unref();

function text(el, name) {
    const found = el.getElementsByTagName(name)[0];
    return found ? found.textContent : null;
}

// One parsed Finesse <Update>: { node, event, requestId, source, kind, user?, dialogs? }.
function parseUpdate(node, xml) {
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const root = doc.documentElement;
    const data = root.getElementsByTagName('data')[0];
    let kind = null;
    for (let c = data && data.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 1) { kind = c.nodeName; break; }
    }
    const update = {
        node,
        event: text(root, 'event'),
        requestId: text(root, 'requestId') || '',
        source: text(root, 'source'),
        kind,
    };
    if (kind === 'user' || kind === 'User') {
        update.state = text(data, 'state');
    }
    if (kind === 'dialog' || kind === 'dialogs' || kind === 'Dialog') {
        update.dialogs = [];
        for (const d of Array.from(data.getElementsByTagName('Dialog')).concat(
            kind === 'dialog' ? [data.getElementsByTagName('dialog')[0]] : [])) {
            if (!d) continue;
            const participants = Array.from(d.getElementsByTagName('Participant')).map((p) => ({
                address: text(p, 'mediaAddress'),
                state: text(p, 'state'),
                actions: Array.from(p.getElementsByTagName('action')).map((a) => a.textContent),
            }));
            update.dialogs.push({ id: text(d, 'id'), state: text(d, 'state'), fromAddress: text(d, 'fromAddress'), participants });
        }
    }
    if (kind === 'apiErrors') {
        update.errors = Array.from(data.getElementsByTagName('apiError')).map((e) => text(e, 'errorMessage'));
    }
    return update;
}

function record(update) {
    updates.push(update);
    if (update.state) result.userStates.push(update.state);
    if (update.dialogs) {
        for (const d of update.dialogs) {
            const mine = d.participants.find((p) => p.address === extension);
            result.dialogEvents.push(`${update.event} ${d.id} ${d.state} ${mine ? mine.state : '-'}`);
        }
    }
    if (update.errors) result.errors.push(...update.errors);
    for (const w of waiters.slice()) {
        if (w.pred(update)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(update);
        }
    }
}

// Resolves with the first update (already seen or future) that satisfies pred.
function waitFor(label, pred, ms = 15000) {
    const seen = updates.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => {
            if (waiters.includes(w)) reject(new Error(`no notification: ${label}`));
        }, ms).unref();
    });
}

const auth = 'Basic ' + Buffer.from(`${agent}:${password}`).toString('base64');
let requestSeq = 0;
async function put(path, body) {
    const requestId = `strophe-${++requestSeq}`;
    const res = await fetch(`${origin}${path}`, {
        method: 'PUT',
        headers: { Authorization: auth, 'Content-Type': 'application/xml', requestId },
        body,
    });
    const reply = await res.text();
    if (res.status !== 202) throw new Error(`PUT ${path} answered ${res.status}: ${reply}`);
    result.steps.push(`PUT ${path} ${body.replace(/<[^>]*>/g, ' ').trim()} -> 202 (${requestId})`);
    return requestId;
}

const isUser = (state, requestId) => (u) =>
    u.state === state && (requestId === undefined || u.requestId === requestId);
const dialogWith = (event, pstate, id) => (u) =>
    u.dialogs && u.event === event && u.dialogs.some((d) =>
        (id === undefined || d.id === id) &&
        (pstate === null || d.participants.some((p) => p.address === extension && p.state === pstate)));

async function flow(conn) {
    let r = await put(`/finesse/api/User/${agent}`, `<User><state>LOGIN</state><extension>${extension}</extension></User>`);
    await waitFor('NOT_READY after LOGIN', isUser('NOT_READY', r));
    r = await put(`/finesse/api/User/${agent}`, '<User><state>READY</state></User>');
    await waitFor('READY carrying the requestId', isUser('READY', r));

    const placed = await fetch(`${adminUrl}/calls?queue=${queue}&count=1&ani=5550100`, { method: 'POST' });
    if (!placed.ok) throw new Error(`admin call placement answered ${placed.status}`);
    result.steps.push('call placed');
    await waitFor('RESERVED', isUser('RESERVED'));
    const alerting = await waitFor('Dialog POST, ALERTING', dialogWith('POST', 'ALERTING'));
    const dialogId = alerting.dialogs[0].id;
    const mine = alerting.dialogs[0].participants.find((p) => p.address === extension);
    if (!mine.actions.includes('ANSWER')) throw new Error(`ALERTING participant lacks ANSWER: ${mine.actions}`);

    r = await put(`/finesse/api/Dialog/${dialogId}`, `<Dialog><requestedAction>ANSWER</requestedAction><targetMediaAddress>${extension}</targetMediaAddress></Dialog>`);
    await waitFor('Dialog ACTIVE', dialogWith('PUT', 'ACTIVE', dialogId));
    await waitFor('TALKING', isUser('TALKING'));
    r = await put(`/finesse/api/Dialog/${dialogId}`, `<Dialog><requestedAction>HOLD</requestedAction><targetMediaAddress>${extension}</targetMediaAddress></Dialog>`);
    await waitFor('Dialog HELD', dialogWith('PUT', 'HELD', dialogId));
    r = await put(`/finesse/api/Dialog/${dialogId}`, `<Dialog><requestedAction>RETRIEVE</requestedAction><targetMediaAddress>${extension}</targetMediaAddress></Dialog>`);
    const retrieved = updates.length;
    await waitFor('Dialog ACTIVE after RETRIEVE', (u) => updates.indexOf(u) >= retrieved && dialogWith('PUT', 'ACTIVE', dialogId)(u));
    r = await put(`/finesse/api/Dialog/${dialogId}`, `<Dialog><requestedAction>DROP</requestedAction><targetMediaAddress>${extension}</targetMediaAddress></Dialog>`);
    await waitFor('Dialog DELETE', (u) => u.event === 'DELETE' && u.dialogs && u.dialogs.some((d) => d.id === dialogId));
    const finals = finalState.split('|');
    await waitFor(`final state ${finalState}`, (u) => finals.includes(u.state));
    result.dialogId = dialogId;
    // Once the agent's participant is DROPPED it never comes back.
    const mineStates = result.dialogEvents.filter((e) => e.split(' ')[1] === dialogId).map((e) => e.split(' ')[3]);
    const dropped = mineStates.indexOf('DROPPED');
    if (dropped < 0 || mineStates.slice(dropped).some((st) => st !== 'DROPPED')) {
        throw new Error(`agent participant after DROP: ${mineStates.join(',')}`);
    }
}

const conn = new Strophe.Connection(`${origin}/http-bind`);
conn.addHandler((msg) => {
    for (const items of Array.from(msg.getElementsByTagName('items'))) {
        const node = items.getAttribute('node');
        for (const n of Array.from(items.getElementsByTagName('notification'))) {
            try {
                record(parseUpdate(node, n.textContent));
            } catch (e) {
                result.errors.push(`unparsable update on ${node}: ${e}`);
            }
        }
    }
    return true;
}, null, 'message');

conn.connect(`${agent}@${domain}/${extension}`, password, (status) => {
    if (status === Strophe.Status.CONNECTED) {
        result.connected = true;
        conn.send($pres().c('priority').t('0'));
        flow(conn).then(() => {
            conn.send($pres({ type: 'unavailable' }));
            conn.disconnect('done');
            setTimeout(() => finish(true), 200);
        }).catch((e) => finish(false, String(e && e.message || e)));
    } else if (status === Strophe.Status.AUTHFAIL || status === Strophe.Status.CONNFAIL) {
        finish(false, `strophe status ${status}`);
    }
});
