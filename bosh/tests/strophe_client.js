// strophe.js (the BOSH client Finesse desktops use) against the bosh crate's HTTP binding.
// Run by tests/strophe.rs: node strophe_client.js <url> <echo-count> <publish-count>
// Prints one JSON line with what happened, exits 0 on success and 1 on failure or timeout.
'use strict';

const XHR2 = require('xhr2');
const { DOMParser } = require('@xmldom/xmldom');

// strophe's BOSH transport needs an XMLHttpRequest whose responseXML is a DOM document;
// xhr2 only gives responseText, so parse it with xmldom.
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

const { Strophe, $msg, $pres } = require('strophe.js');

const url = process.argv[2];
const echoCount = Number(process.argv[3] || 5);
const publishCount = Number(process.argv[4] || 3);
const result = { connected: false, jid: null, echoes: [], published: [], statuses: [], disconnected: false };

function finish(ok) {
    result.ok = ok;
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(ok ? 0 : 1);
}

setTimeout(() => finish(false), 30000).unref();

// Defaults as a stock Finesse desktop uses them: wait 60, hold 1.
const conn = new Strophe.Connection(url);

conn.addHandler((msg) => {
    const from = msg.getAttribute('from');
    if (from === 'echo@example.com') {
        const body = msg.getElementsByTagName('body')[0];
        result.echoes.push(body ? body.textContent : '');
    } else if (from === 'pubsub.example.com') {
        const items = msg.getElementsByTagName('items')[0];
        const notif = msg.getElementsByTagName('notification')[0];
        result.published.push({ node: items && items.getAttribute('node'), text: notif && notif.textContent });
    }
    if (result.echoes.length === echoCount && result.published.length === publishCount) {
        conn.send($pres({ type: 'unavailable' }));
        conn.disconnect('done');
    }
    return true;
}, null, 'message');

conn.connect('agent1@example.com', 'secret', (status, condition) => {
    result.statuses.push(status);
    if (status === Strophe.Status.CONNECTED) {
        result.connected = true;
        result.jid = conn.jid;
        conn.send($pres());
        for (let i = 0; i < echoCount; i++) {
            conn.send($msg({ to: 'echo@example.com', id: 'e' + i, type: 'chat' }).c('body').t('hello ' + i));
        }
        conn.send($msg({ to: 'pubsub.example.com', id: 'pub' }).c('body').t('publish ' + publishCount));
    } else if (status === Strophe.Status.DISCONNECTED) {
        result.disconnected = true;
        finish(result.connected && result.echoes.length === echoCount && result.published.length === publishCount);
    } else if (status === Strophe.Status.CONNFAIL || status === Strophe.Status.AUTHFAIL) {
        result.condition = condition;
        finish(false);
    }
});
