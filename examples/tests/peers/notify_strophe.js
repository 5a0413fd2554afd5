// strophe.js (the BOSH client of the Finesse 12.5 desktop) against the lab's notification
// service. Run by tests/notify_strophe.rs:
//   node notify_strophe.js <http-bind url> <bare jid> <password> <forbidden node>
// Prints one JSON line per step on stdout:
//   {"event":"connected","jid":…,"forbidden":<error condition for the forbidden node>}
//   {"event":"notification","node":…,"text":…,"from":…,"to":…,"finessePresence":…}
//   {"event":"done","ok":true}
// Exits 0 on success, 1 on failure or after 30 s.
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

const { Strophe, $iq, $pres } = require('strophe.js');

const [url, jid, password, forbiddenNode] = process.argv.slice(2);
const domain = jid.split('@')[1];
const pubsub = 'pubsub.' + domain;
let connected = false;
let notified = false;
let finessePresence = null;

function emit(obj) {
    process.stdout.write(JSON.stringify(obj) + '\n');
}

function finish(ok, why) {
    emit({ event: 'done', ok, why });
    process.exit(ok ? 0 : 1);
}

setTimeout(() => finish(false, 'timeout'), 30000).unref();

// A stock Finesse desktop: EventTunnel uses strophe's defaults (wait 60, hold 1).
const conn = new Strophe.Connection(url);

// Finesse's own presence, which the desktop waits for before it calls itself connected.
conn.addHandler((pres) => {
    const from = pres.getAttribute('from') || '';
    if (from.split('/')[0] === 'finesse@' + domain && !pres.getAttribute('type')) {
        finessePresence = from;
    }
    return true;
}, null, 'presence');

conn.addHandler((msg) => {
    if (msg.getAttribute('from') !== pubsub || notified) return true;
    const items = msg.getElementsByTagName('items')[0];
    const notif = msg.getElementsByTagName('notification')[0];
    if (!items || !notif) return true;
    notified = true;
    emit({
        event: 'notification',
        node: items.getAttribute('node'),
        ns: notif.getAttribute('xmlns'),
        text: notif.textContent,
        from: msg.getAttribute('from'),
        to: msg.getAttribute('to'),
        finessePresence,
    });
    conn.send($pres({ type: 'unavailable' }));
    conn.disconnect('done');
    return true;
}, null, 'message');

conn.connect(jid + '/1001', password, (status, condition) => {
    if (status === Strophe.Status.CONNECTED) {
        connected = true;
        conn.send($pres().c('priority').t('0'));
        // Another agent's node: Finesse refuses it.
        const sub = $iq({ type: 'set', to: pubsub, id: 'sub-forbidden' })
            .c('pubsub', { xmlns: 'http://jabber.org/protocol/pubsub' })
            .c('subscribe', { node: forbiddenNode, jid: conn.jid });
        conn.sendIQ(sub,
            () => emit({ event: 'connected', jid: conn.jid, forbidden: 'none (subscribed)' }),
            (err) => {
                const e = err && err.getElementsByTagName('error')[0];
                const cond = e && e.firstChild ? e.firstChild.nodeName : String(err);
                emit({ event: 'connected', jid: conn.jid, forbidden: cond });
            },
            10000);
    } else if (status === Strophe.Status.DISCONNECTED) {
        finish(connected && notified, 'disconnected');
    } else if (status === Strophe.Status.CONNFAIL || status === Strophe.Status.AUTHFAIL) {
        finish(false, 'status ' + status + ' ' + condition);
    }
});
