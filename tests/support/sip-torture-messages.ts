/**
 * The SIP torture test messages of RFC 4475, written out again and adapted
 * so that their Request-URI and To address the account under test (and each
 * has its own Via branch), with the answer a softphone that has no window
 * open must give to each.
 *
 * What the softphone must answer (RFC 3261 and RFC 4475's own advice):
 * - a well-formed new call rings (180) and, with no window to take it, ends
 *   in 480;
 * - a well-formed OPTIONS is answered 200 by main itself;
 * - a request it cannot deliver to a window gets 480 (or 405/501 for a
 *   method no one here implements); a request inside a dialog nobody knows
 *   gets 481;
 * - a malformed request gets 400 (505 for another SIP version), an unknown
 *   URI scheme 416, an unsupported Require 420, an unknown body 415;
 * - a response that matches no transaction is never answered.
 * Where RFC 4475 leaves the receiver a choice, each case lists every
 * acceptable final code.
 */

export type TortureCategory = 'valid' | 'invalid' | 'semantic' | 'backward-compatible';

export interface TortureCase {
  /** The name RFC 4475 gives the message (e.g. "wsinv"). */
  readonly name: string;
  readonly category: TortureCategory;
  readonly text: string;
  /** Acceptable final status codes of the answer; empty: it must not be answered. */
  readonly answers: readonly number[];
  /** A well-formed new call: the caller must hear ringing (180) before any final answer. */
  readonly rings?: boolean;
}

export interface TortureTarget {
  readonly user: string;
  readonly domain: string;
}

const CRLF = '\r\n';

/** RFC 4475's SDP, with `host` as origin and connection address. */
function sdp(host: string): string {
  return ['v=0', `o=mhandley 29739 7272939 IN IP4 ${host}`, 's=-', `c=IN IP4 ${host}`, 't=0 0', 'm=audio 49217 RTP/AVP 0 12', 'm=video 3227 RTP/AVP 31', 'a=rtpmap:31 LPC', ''].join(CRLF);
}

/** Header lines, an empty line and the body; `{length}` in a header becomes the body's byte length. */
function message(headerLines: readonly string[], body = ''): string {
  const length = String(Buffer.byteLength(body));
  return [...headerLines.map((line) => line.replace('{length}', length)), '', body].join(CRLF);
}

const REASON_NOT_DELIVERABLE = [405, 480, 501];

export function tortureCases({ user, domain }: TortureTarget): TortureCase[] {
  const aor = `${user}@${domain}`;
  return [
    // ── 3.1.1 valid messages ────────────────────────────────────────────
    {
      name: 'wsinv',
      category: 'valid',
      // Its To carries a tag: a request inside a dialog that does not exist here.
      answers: [481],
      text: message(
        [
          `INVITE sip:${aor};unknownparam SIP/2.0`,
          'TO :',
          ` sip:${aor} ;   tag    = 1918181833n`,
          'from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>',
          '  ;',
          '  tag = 98asjd8',
          'MaX-fOrWaRdS: 0068',
          'Call-ID: wsinv.ndaksdj@192.0.2.1',
          'Content-Length   : {length}',
          'cseq: 0009',
          '  INVITE',
          'Via  : SIP  /   2.0',
          ' /UDP',
          '    192.0.2.2;branch=390skdjuw',
          's :',
          'NewFangledHeader:   newfangled value',
          ' continued newfangled value',
          'UnknownHeaderWithUnusualValue: ;;,,;;,;',
          'Content-Type: application/sdp',
          'Route:',
          ' <sip:services.example.com;lr;unknownwith=value;unknown-no-value>',
          'v:  SIP  / 2.0  / TCP     spindle.example.com   ;',
          '  branch  =   z9hG4bK9ikj8  ,',
          ' SIP  /    2.0   / UDP  192.168.255.111   ; branch=',
          ' z9hG4bK30239',
          'm:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =',
          '      newvalue ;',
          '  secondparam ; q = 0.33',
        ],
        sdp('192.0.2.4'),
      ),
    },
    {
      name: 'intmeth',
      category: 'valid',
      answers: REASON_NOT_DELIVERABLE,
      text: message([
        `!interesting-Method0123456789_*+\`.%indeed'~ sip:${aor} SIP/2.0`,
        "Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~",
        `To: "BEL:\\\x07 NUL:\\\x00 DEL:\\\x7f" <sip:${aor}>`,
        "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439\";tag=_token~1'+`*%!-.",
        "Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{",
        "CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~",
        'Max-Forwards: 255',
        "extensionHeader-!.%*+_`'~:\ufeff\u5927\u505c\u96fb",
        'Content-Length: 0',
      ]),
    },
    {
      name: 'esc01',
      category: 'valid',
      answers: [480],
      rings: true,
      text: message(
        [
          `INVITE sip:%${user.charCodeAt(0).toString(16)}${user.slice(1)}@${domain} SIP/2.0`,
          `To: sip:${user.slice(0, -1)}%${user.charCodeAt(user.length - 1).toString(16)}@${domain}`,
          'From: <sip:I%20have%20spaces@example.net>;tag=938',
          'Max-Forwards: 87',
          'i: esc01.239409asdfakjkn23onasd0-3234',
          'CSeq: 234234 INVITE',
          'Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKesc01',
          'C: application/sdp',
          'Contact:',
          '  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>',
          'Content-Length: {length}',
        ],
        sdp('192.0.2.1'),
      ),
    },
    {
      name: 'escnull',
      category: 'valid',
      answers: REASON_NOT_DELIVERABLE,
      text: message([
        `REGISTER sip:${domain} SIP/2.0`,
        `To: sip:null-%00-null@${domain}`,
        `From: sip:null-%00-null@${domain};tag=839923423`,
        'Max-Forwards: 70',
        'Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd',
        'CSeq: 14398234 REGISTER',
        'Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKescnull',
        'Contact: <sip:%00@host5.example.com>',
        'Contact: <sip:%00%00@host5.example.com>',
        'L:0',
      ]),
    },
    {
      name: 'esc02',
      category: 'valid',
      answers: REASON_NOT_DELIVERABLE,
      text: message([
        `RE%47IST%45R sip:${domain} SIP/2.0`,
        `To: "%Z%45" <sip:${aor}>`,
        `From: "%Z%45" <sip:resource@example.com>;tag=f232jadfj23`,
        'Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf',
        'Via: SIP/2.0/TCP host.example.com;branch=z9hG4bK209%fzsnel234',
        'CSeq: 29344 RE%47IST%45R',
        'Max-Forwards: 70',
        'Contact: <sip:alias1@host1.example.com>',
        'C%6Fntact: <sip:alias2@host2.example.com>',
        'Contact: <sip:alias3@host3.example.com>',
        'l: 0',
      ]),
    },
    {
      name: 'lwsdisp',
      category: 'valid',
      answers: [200],
      text: message([
        `OPTIONS sip:${aor} SIP/2.0`,
        `To: sip:${aor}`,
        'From: caller<sip:caller@example.com>;tag=323',
        'Max-Forwards: 70',
        'Call-ID: lwsdisp.1234abcd@funky.example.com',
        'CSeq: 60 OPTIONS',
        'Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKlwsdisp',
        'l: 0',
      ]),
    },
    {
      name: 'longreq',
      category: 'valid',
      answers: [480],
      rings: true,
      text: longRequest(user, domain),
    },
    {
      name: 'dblreq',
      category: 'valid',
      // Two requests in one frame: only the first (a REGISTER) is the message.
      answers: REASON_NOT_DELIVERABLE,
      text: [
        message([
          `REGISTER sip:${domain} SIP/2.0`,
          `To: sip:${aor}`,
          `From: sip:${aor};tag=43251j3j324`,
          'Max-Forwards: 8',
          'I: dblreq.0ha0isndaksdj99sdfafnl3lk233412',
          `Contact: sip:${user}@host.example.com`,
          'CSeq: 8 REGISTER',
          'Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKdblreq',
          'Content-Length: 0',
        ]),
        message(
          [
            `INVITE sip:${aor} SIP/2.0`,
            `t: sip:${aor}`,
            'From: sip:caller@example.net;tag=141334',
            'Max-Forwards: 8',
            'Call-ID: dblreq.0ha0isnda977644900765@192.0.2.15',
            'CSeq: 8 INVITE',
            'Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234',
            'Content-Type: application/sdp',
            'Content-Length: {length}',
          ],
          sdp('192.0.2.15'),
        ),
      ].join(''),
    },
    {
      name: 'semiuri',
      category: 'valid',
      // The user part is "alice;par=u@example.net": not this account's user.
      answers: [200, 404],
      text: message([
        `OPTIONS sip:${user};par=u%40example.net@${domain} SIP/2.0`,
        `To: sip:${aor}`,
        'From: sip:caller@example.org;tag=33242',
        'Max-Forwards: 3',
        'Call-ID: semiuri.0ha0isndaksdj',
        'CSeq: 8 OPTIONS',
        'Accept: application/sdp, application/pkcs7-mime,',
        '        multipart/mixed, multipart/signed,',
        '        message/sip, message/sipfrag',
        'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKsemiuri',
        'l: 0',
      ]),
    },
    {
      name: 'transports',
      category: 'valid',
      answers: [200],
      text: message([
        `OPTIONS sip:${aor} SIP/2.0`,
        `To: sip:${aor}`,
        'From: <sip:caller@example.com>;tag=323',
        'Max-Forwards: 70',
        'Call-ID:  transports.kijh4akdnaqjkwendsasfdj',
        'Accept: application/sdp',
        'CSeq: 60 OPTIONS',
        'Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKtransports',
        'Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf',
        'Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj',
        'Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en',
        'Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee',
        'l: 0',
      ]),
    },
    {
      name: 'mpart01',
      category: 'valid',
      // An instant message nobody can show while no window is open.
      answers: [200, 202, 415, 480],
      text: message(
        [
          `MESSAGE sip:${aor} SIP/2.0`,
          'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKmpart01',
          'Max-Forwards: 70',
          'From: "Kumiko" <sip:kumiko@example.net>;tag=2aifjwe',
          `To: <sip:${aor}>`,
          'Call-ID: mpart01.cao18jsdf@192.0.2.1',
          'CSeq: 1 MESSAGE',
          'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha1; boundary=boundary42',
          'Content-Length: {length}',
        ],
        [
          '--boundary42',
          'Content-Type: text/plain',
          '',
          'Hello from the torture tests.',
          '--boundary42',
          'Content-Type: application/pkcs7-signature; name=smime.p7s',
          'Content-Transfer-Encoding: binary',
          'Content-Disposition: attachment; handling=required; filename=smime.p7s',
          '',
          '\x30\x82\x01\x0b\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02\xa0\x82',
          '--boundary42--',
          '',
        ].join(CRLF),
      ),
    },
    {
      name: 'unreason',
      category: 'valid',
      answers: [],
      text: message(
        [
          'SIP/2.0 200 = 2**3 * 5**2 \u043d\u043e \u0441\u0442\u043e \u0434\u0435\u0432\u044f\u043d\u043e\u0441\u0442\u043e \u0434\u0435\u0432\u044f\u0442\u044c - \u043f\u0440\u043e\u0441\u0442\u043e\u0435',
          'Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bKunreason',
          'Call-ID: unreason.1234ksdfak3j2erwedfsASdf',
          'CSeq: 35 INVITE',
          `From: sip:${aor};tag=11141343`,
          'To: sip:user@example.edu;tag=2229',
          'Content-Length: {length}',
          'Content-Type: application/sdp',
          'Contact: <sip:user@host198.example.com>',
        ],
        sdp('192.0.2.198'),
      ),
    },
    {
      name: 'noreason',
      category: 'valid',
      answers: [],
      text: message([
        'SIP/2.0 100 ',
        'Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bKnoreason',
        'Call-ID: noreason.asndj203insdf99223ndf',
        'CSeq: 35 INVITE',
        `From: <sip:${aor}>;tag=39ansfi3`,
        'To: <sip:user@example.edu>;tag=902jndnke3',
        'Content-Length: 0',
        'Contact: <sip:user@host105.example.com>',
      ]),
    },

    // ── 3.1.2 invalid messages ──────────────────────────────────────────
    {
      name: 'badinv01',
      category: 'invalid',
      answers: [400],
      text: message(
        [
          `INVITE sip:${aor} SIP/2.0`,
          `To: sip:${aor}`,
          'From: sip:caller@example.net;tag=134161461246',
          'Max-Forwards: 7',
          'Call-ID: badinv01.0ha0isndaksdjasdf3234nas',
          'CSeq: 8 INVITE',
          'Via: SIP/2.0/UDP 192.0.2.15;;,;,,',
          'Contact: "Joe" <sip:joe@example.org>;;;;',
          'Content-Length: {length}',
          'Content-Type: application/sdp',
        ],
        sdp('192.0.2.15'),
      ),
    },
    {
      name: 'clerr',
      category: 'invalid',
      // Content-Length says 9999 bytes; the frame ends long before.
      answers: [400],
      text: message(
        [
          `INVITE sip:${aor} SIP/2.0`,
          'Max-Forwards: 80',
          `To: sip:${aor}`,
          'From: sip:caller@example.net;tag=93942939o2',
          'Contact: <sip:caller@hungry.example.net>',
          'Call-ID: clerr.0ha0isndaksdjweiafasdk3',
          'CSeq: 8 INVITE',
          'Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523',
          'Content-Type: application/sdp',
          'Content-Length: 9999',
        ],
        sdp('192.0.2.155'),
      ),
    },
    {
      name: 'scalar02',
      category: 'invalid',
      answers: [400],
      text: message([
        `REGISTER sip:${domain} SIP/2.0`,
        'Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3',
        `To: <sip:${aor}>`,
        `From: <sip:${aor}>;tag=239232jh3`,
        'CSeq: 36893488147419103232 REGISTER',
        'Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32',
        'Max-Forwards: 300',
        `Expires: 1${'0'.repeat(100)}`,
        `Contact: <sip:${user}@host129.example.com>`,
        '  ;expires=280297596632815',
        'Content-Length: 0',
      ]),
    },
    {
      name: 'scalarlg',
      category: 'invalid',
      answers: [],
      text: message([
        'SIP/2.0 503 Service Unavailable',
        'Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;received=192.0.2.129',
        `To: <sip:${aor}>`,
        'From: <sip:other@example.net>;tag=2easdjfejw',
        'CSeq: 9292394834772304023312 OPTIONS',
        'Call-ID: scalarlg.noase0of0234hn2qofoaf0232aewf2394r',
        'Retry-After: 949302838503028349304023988',
        'Warning: 1812 overture "In Progress"',
        'Content-Length: 0',
      ]),
    },
    {
      name: 'quotbal',
      category: 'invalid',
      answers: [400],
      text: message(
        [
          `INVITE sip:${aor} SIP/2.0`,
          `To: "Mr. J. User <sip:${aor}>`,
          'From: sip:caller@example.net;tag=93334',
          'Max-Forwards: 10',
          'Call-ID: quotbal.aksdj',
          'Contact: <sip:caller@host59.example.net>',
          'CSeq: 8 INVITE',
          'Via: SIP/2.0/UDP 192.0.2.59:5050;branch=z9hG4bKquotbal',
          'Content-Type: application/sdp',
          'Content-Length: {length}',
        ],
        sdp('192.0.2.15'),
      ),
    },
    {
      name: 'ltgtruri',
      category: 'invalid',
      answers: [400],
      text: message(
        [
          `INVITE <sip:${aor}> SIP/2.0`,
          `To: sip:${aor}`,
          'From: sip:caller@example.net;tag=39291',
          'Max-Forwards: 23',
          'Call-ID: ltgtruri.1@192.0.2.5',
          'CSeq: 1 INVITE',
          'Via: SIP/2.0/UDP 192.0.2.5;branch=z9hG4bKltgtruri',
          'Contact: <sip:caller@host5.example.net>',
          'Content-Type: application/sdp',
          'Content-Length: {length}',
        ],
        sdp('192.0.2.5'),
      ),
    },
    {
      name: 'lwsruri',
      category: 'invalid',
      answers: [400],
      text: message(
        [
          `INVITE sip:${aor}; lr SIP/2.0`,
          `To: sip:${aor};tag=3xfe-9921883-z9f`,
          'From: sip:caller@example.net;tag=231413434',
          'Max-Forwards: 5',
          'Call-ID: lwsruri.asdfasdoeoi2323-asdfwrn23-asd834rk423',
          'CSeq: 2130706432 INVITE',
          'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKlwsruri',
          'Contact: <sip:caller@host1.example.net>',
          'Content-Type: application/sdp',
          'Content-Length: {length}',
        ],
        sdp('192.0.2.1'),
      ),
    },
    {
      name: 'lwsstart',
      category: 'invalid',
      answers: [400],
      text: message(
        [
          `INVITE  sip:${aor}  SIP/2.0`,
          'Max-Forwards: 8',
          `To: sip:${aor}`,
          'From: sip:caller@example.net;tag=8814',
          'Call-ID: lwsstart.dfknq234oi243099adsdfnawe3@example.com',
          'CSeq: 1893884 INVITE',
          'Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKlwsstart',
          'Contact: <sip:caller@host1.example.net>',
          'Content-Type: application/sdp',
          'Content-Length: {length}',
        ],
        sdp('192.0.2.1'),
      ),
    },
    {
      name: 'trws',
      category: 'invalid',
      answers: [400],
      text: message([
        `OPTIONS sip:${aor} SIP/2.0  `,
        'Via: SIP/2.0/TCP host1.examle.com;branch=z9hG4bKtrws',
        `To: <sip:${aor}>`,
        'From: <sip:local-resource@example.com>;tag=329429089',
        'Call-ID: trws.oicu34958239neffasdhr2345r',
        'Accept: application/sdp',
        'CSeq: 238923 OPTIONS',
        'Max-Forwards: 70',
        'Content-Length: 0',
      ]),
    },
    {
      name: 'escruri',
      category: 'invalid',
      answers: [400],
      text: message(
        [
          `INVITE sip:${aor}?Route=%3Csip:example.com%3E SIP/2.0`,
          `To: sip:${aor}`,
          'From: sip:caller@example.net;tag=341518',
          'Max-Forwards: 7',
          'Contact: <sip:caller@host39923.example.net>',
          'Call-ID: escruri.23940-asdfhj-aje3br-234q098w-fawerh2q-h4n5',
          'CSeq: 149209342 INVITE',
          'Via: SIP/2.0/UDP host-of-the-hour.example.com;branch=z9hG4bKescruri',
          'Content-Type: application/sdp',
          'Content-Length: {length}',
        ],
        sdp('192.0.2.1'),
      ),
    },
    {
      name: 'baddate',
      category: 'invalid',
      // RFC 4475: a Date not in GMT may be ignored and the call processed.
      answers: [400, 480],
      text: message(
        [
          `INVITE sip:${aor} SIP/2.0`,
          `To: sip:${aor}`,
          'From: sip:caller@example.net;tag=2234923',
          'Max-Forwards: 70',
          'Call-ID: baddate.239423mnsadf3j23lj42--sedfnm234',
          'CSeq: 1392934 INVITE',
          'Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKbaddate',
          'Date: Fri, 01 Jan 2010 16:00:00 EST',
          'Contact: <sip:caller@host5.example.net>',
          'Content-Type: application/sdp',
          'Content-Length: {length}',
        ],
        sdp('192.0.2.5'),
      ),
    },
    {
      name: 'regbadct',
      category: 'invalid',
      answers: [400, ...REASON_NOT_DELIVERABLE],
      text: message([
        `REGISTER sip:${domain} SIP/2.0`,
        `To: sip:${aor}`,
        `From: sip:${aor};tag=998332`,
        'Max-Forwards: 70',
        'Call-ID: regbadct.k345asrl3fdbv@10.0.0.1',
        'CSeq: 1 REGISTER',
        'Via: SIP/2.0/UDP 135.180.130.133:5060;branch=z9hG4bKregbadct',
        `Contact: sip:${aor}?Route=%3Csip:sip.example.com%3E`,
        'l: 0',
      ]),
    },
    {
      name: 'badaspec',
      category: 'invalid',
      answers: [400],
      text: message([
        `OPTIONS sip:${aor} SIP/2.0`,
        'Via: SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKbadaspec',
        'Max-Forwards: 70',
        'From: "Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423',
        `To: "Watson, Thomas" < sip:${aor} >`,
        'Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3',
        'Accept: application/sdp',
        'CSeq: 3923239 OPTIONS',
        'l: 0',
      ]),
    },
    {
      name: 'baddn',
      category: 'invalid',
      answers: [400],
      text: message([
        `OPTIONS sip:${aor} SIP/2.0`,
        'Via:     SIP/2.0/UDP c.example.com:5060;branch=z9hG4bKbaddn',
        'Max-Forwards:      70',
        'From:    Bell, Alexander <sip:a.g.bell@example.com>;tag=43',
        `To:      Watson, Thomas <sip:${aor}>`,
        'Call-ID: baddn.31415@c.example.com',
        'Accept: application/sdp',
        'CSeq:    3923239 OPTIONS',
        'l: 0',
      ]),
    },
    {
      name: 'badvers',
      category: 'invalid',
      answers: [400, 505],
      text: message([
        `OPTIONS sip:${aor} SIP/7.0`,
        'Via:     SIP/7.0/UDP c.example.com;branch=z9hG4bKbadvers',
        'Max-Forwards:     70',
        'From:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe',
        `To:      T. Watson <sip:${aor}>`,
        'Call-ID: badvers.31417@c.example.com',
        'CSeq:    1 OPTIONS',
        'l: 0',
      ]),
    },
    {
      name: 'mismatch01',
      category: 'invalid',
      answers: [400],
      text: message([
        `OPTIONS sip:${aor} SIP/2.0`,
        `To: sip:${aor}`,
        'From: sip:caller@example.net;tag=34525',
        'Max-Forwards: 6',
        'Call-ID: mismatch01.dj0234sxdfl3',
        'CSeq: 8 INVITE',
        'Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKmismatch01',
        'l: 0',
      ]),
    },
    {
      name: 'mismatch02',
      category: 'invalid',
      answers: [400, 501],
      text: message(
        [
          `NEWMETHOD sip:${aor} SIP/2.0`,
          `To: sip:${aor}`,
          'From: sip:caller@example.net;tag=34525',
          'Max-Forwards: 6',
          'Call-ID: mismatch02.dj0234sxdfl3',
          'CSeq: 8 INVITE',
          'Contact: <sip:caller@host.example.net>',
          'Via: SIP/2.0/UDP host.example.net;branch=z9hG4bKmismatch02',
          'Content-Type: application/sdp',
          'l: {length}',
        ],
        ['v=0', 'o=mhandley 29739 7272939 IN IP4 192.0.2.1', 'c=IN IP4 192.0.2.1', 'm=audio 49217 RTP/AVP 0 12', 'm=video 3227 RTP/AVP 31', 'a=rtpmap:31 LPC', ''].join(CRLF),
      ),
    },
    {
      name: 'bigcode',
      category: 'invalid',
      answers: [],
      text: message([
        'SIP/2.0 4294967301 better not break the receiver',
        'Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bKbigcode',
        'Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i',
        'CSeq: 353494 INVITE',
        `From: <sip:${aor}>;tag=39ansfi3`,
        'To: <sip:user@example.edu>;tag=902jndnke3',
        'Content-Length: 0',
        'Contact: <sip:user@host105.example.com>',
      ]),
    },
    {
      name: 'badbranch',
      category: 'invalid',
      // A branch that is only the magic cookie: RFC 4475 lets it through.
      answers: [200, 400],
      text: message([
        `OPTIONS sip:${aor} SIP/2.0`,
        `To: sip:${aor}`,
        'From: sip:caller@example.org;tag=33242',
        'Max-Forwards: 3',
        'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK',
        'Accept: application/sdp',
        'Call-ID: badbranch.sadonfo23i420jv0as0derf3j3n',
        'CSeq: 8 OPTIONS',
        'l: 0',
      ]),
    },
    {
      name: 'ncl',
      category: 'invalid',
      answers: [400],
      text: message(
        [
          `INVITE sip:${aor} SIP/2.0`,
          'Max-Forwards: 254',
          `To: sip:${aor}`,
          'From: sip:caller@example.net;tag=32394234',
          'Call-ID: ncl.0ha0isndaksdj2193423r542w35',
          'CSeq: 0 INVITE',
          'Via: SIP/2.0/UDP 192.0.2.53;branch=z9hG4bKncl',
          'Contact: <sip:caller@example53.example.net>',
          'Content-Type: application/sdp',
          'Content-Length: -999',
        ],
        sdp('192.0.2.53'),
      ),
    },

    // ── 3.3 application-layer semantics ─────────────────────────────────
    {
      name: 'mcl01',
      category: 'semantic',
      answers: [400],
      text: message(
        [
          `OPTIONS sip:${aor} SIP/2.0`,
          'Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKmcl01',
          `To: sip:${aor}`,
          'From: sip:other@example.net;tag=3923942',
          'Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf',
          'CSeq: 15932 OPTIONS',
          'Content-Length: 13',
          'Max-Forwards: 60',
          'Content-Length: 5',
          'Content-Type: text/plain',
        ],
        "There's no way to know how many octets are supposed to be here.\r\n",
      ),
    },
    {
      name: 'sdp01',
      category: 'semantic',
      answers: [415, 480],
      text: message(
        [
          `INVITE sip:${aor} SIP/2.0`,
          `To: sip:${aor}`,
          'Contact: <sip:caller@host15.example.net>',
          'From: sip:caller@example.net;tag=234',
          'Max-Forwards: 5',
          'Call-ID: sdp01.ndaksdj9342dasdd',
          'Accept: text/nobodyKnowsThis',
          'CSeq: 8 INVITE',
          'Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKsdp01',
          'Content-Length: {length}',
          'Content-Type: application/sdp',
        ],
        sdp('192.0.2.5'),
      ),
    },
    {
      name: 'unkscm',
      category: 'semantic',
      answers: [416],
      text: message([
        'OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0',
        `To: sip:${aor}`,
        'From: sip:caller@example.net;tag=384',
        'Max-Forwards: 3',
        'Call-ID: unkscm.nasdfasser0q239nwsdfasdkl34',
        'CSeq: 3923423 OPTIONS',
        'Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKunkscm',
        'Content-Length: 0',
      ]),
    },
    {
      name: 'novelsc',
      category: 'semantic',
      answers: [416],
      text: message([
        'OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0',
        `To: sip:${aor}`,
        'From: sip:caller@example.net;tag=384',
        'Max-Forwards: 3',
        'Call-ID: novelsc.asdfasser0q239nwsdfasdkl34',
        'CSeq: 3923423 OPTIONS',
        'Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKnovelsc',
        'Content-Length: 0',
      ]),
    },
    {
      name: 'unksm2',
      category: 'semantic',
      answers: [400, 416, ...REASON_NOT_DELIVERABLE],
      text: message([
        `REGISTER sip:${domain} SIP/2.0`,
        'To: isbn:2983792873',
        'From: <http://www.example.com>;tag=3234233',
        'Call-ID: unksm2.daksdj@hyphenated-host.example.com',
        'CSeq: 234902 REGISTER',
        'Max-Forwards: 70',
        'Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKunksm2',
        'Contact: <name:John_Smith>',
        'l: 0',
      ]),
    },
    {
      name: 'bext01',
      category: 'semantic',
      answers: [420],
      text: message([
        `OPTIONS sip:${aor} SIP/2.0`,
        `To: sip:${aor}`,
        'From: sip:caller@example.net;tag=242etr',
        'Max-Forwards: 6',
        'Call-ID: bext01.0ha0isndaksdj',
        'Require: nothingSupportsThis, nothingSupportsThisEither',
        'Proxy-Require: noProxiesSupportThis, norDoAnyProxiesSupportThis',
        'CSeq: 8 OPTIONS',
        'Via: SIP/2.0/TLS fold-and-staple.example.com;branch=z9hG4bKbext01',
        'Content-Length: 0',
      ]),
    },
    {
      name: 'invut',
      category: 'semantic',
      answers: [415, 480],
      text: message(
        [
          `INVITE sip:${aor} SIP/2.0`,
          'Contact: <sip:caller@host5.example.net>',
          `To: sip:${aor}`,
          'From: sip:caller@example.net;tag=8392034',
          'Max-Forwards: 70',
          'Call-ID: invut.0ha0isndaksdjadsfij34n23d',
          'CSeq: 235448 INVITE',
          'Via: SIP/2.0/UDP somehost.example.com;branch=z9hG4bKinvut',
          'Content-Type: application/unknownformat',
          'Content-Length: {length}',
        ],
        '<audio> <pcmu port="443"/> </audio>\r\n',
      ),
    },
    {
      name: 'regaut01',
      category: 'semantic',
      answers: [400, 401, ...REASON_NOT_DELIVERABLE],
      text: message([
        `REGISTER sip:${domain} SIP/2.0`,
        `To: sip:${aor}`,
        `From: sip:${aor};tag=87321hj23128`,
        'Max-Forwards: 8',
        'Call-ID: regaut01.0ha0isndaksdj',
        'CSeq: 9338 REGISTER',
        'Via: SIP/2.0/TCP 192.0.2.253;branch=z9hG4bKregaut01',
        'Authorization: NoOneKnowsThisScheme opaque-data=here',
        'Content-Length:0',
      ]),
    },
    {
      name: 'multi01',
      category: 'semantic',
      answers: [400],
      text: message(
        [
          `INVITE sip:${aor} SIP/2.0`,
          'Contact: <sip:caller@host25.example.net>',
          'Via: SIP/2.0/UDP 192.0.2.25;branch=z9hG4bKmulti01',
          'Max-Forwards: 70',
          'CSeq: 5 INVITE',
          'Call-ID: multi01.98asdh@192.0.2.1',
          'CSeq: 59 INVITE',
          'Call-ID: multi01.98asdh@192.0.2.2',
          'From: sip:caller@example.com;tag=3413415',
          `To: sip:${aor}`,
          'To: sip:other@example.net',
          'From: sip:caller@example.net;tag=2923420123',
          'Content-Type: application/sdp',
          'l: {length}',
          'Contact: <sip:caller@host36.example.net>',
          'Max-Forwards: 5',
        ],
        sdp('192.0.2.25'),
      ),
    },
    {
      name: 'bcast',
      category: 'semantic',
      answers: [],
      text: message(
        [
          'SIP/2.0 200 OK',
          'Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bKbcast',
          'Via: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23',
          'Call-ID: bcast.0384840201234ksdfak3j2erwedfsASdf',
          'CSeq: 35 INVITE',
          `From: sip:${aor};tag=11141343`,
          'To: sip:user@example.edu;tag=2229',
          'Content-Length: {length}',
          'Content-Type: application/sdp',
          'Contact: <sip:user@host28.example.com>',
        ],
        sdp('192.0.2.198'),
      ),
    },
    {
      name: 'zeromf',
      category: 'semantic',
      // Max-Forwards 0 only stops forwarding; the destination answers.
      answers: [200, 483],
      text: message([
        `OPTIONS sip:${aor} SIP/2.0`,
        `To: sip:${aor}`,
        'From: sip:caller@example.net;tag=3ghsd41',
        'Call-ID: zeromf.jfasdlfnm2o2l43r5u0asdfas',
        'CSeq: 39234321 OPTIONS',
        'Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKzeromf',
        'Max-Forwards: 0',
        'Content-Length: 0',
      ]),
    },
    {
      name: 'cparam01',
      category: 'semantic',
      answers: REASON_NOT_DELIVERABLE,
      text: message([
        `REGISTER sip:${domain} SIP/2.0`,
        'Via: SIP/2.0/UDP saturn.example.com:5060;branch=z9hG4bKcparam01',
        'Max-Forwards: 70',
        `From: sip:${aor};tag=DkfVgjkrtMwaerKKpe`,
        `To: sip:${aor}`,
        'Call-ID: cparam01.70710@saturn.example.com',
        'CSeq: 2 REGISTER',
        'Contact: sip:+19725552222@gw1.example.net;unknownparam',
        'l: 0',
      ]),
    },
    {
      name: 'cparam02',
      category: 'semantic',
      answers: REASON_NOT_DELIVERABLE,
      text: message([
        `REGISTER sip:${domain} SIP/2.0`,
        'Via: SIP/2.0/UDP saturn.example.com:5060;branch=z9hG4bKcparam02',
        'Max-Forwards: 70',
        `From: sip:${aor};tag=838293`,
        `To: sip:${aor}`,
        'Call-ID: cparam02.70710@saturn.example.com',
        'CSeq: 3 REGISTER',
        'Contact: <sip:+19725552222@gw1.example.net;unknownparam>',
        'l: 0',
      ]),
    },
    {
      name: 'regescrq',
      category: 'semantic',
      answers: [400, ...REASON_NOT_DELIVERABLE],
      text: message([
        `REGISTER sip:${domain} SIP/2.0`,
        `To: sip:${aor}`,
        `From: sip:${aor};tag=8`,
        'Max-Forwards: 70',
        'Call-ID: regescrq.k345asrl3fdbv@192.0.2.1',
        'CSeq: 14398234 REGISTER',
        'Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKregescrq',
        `M: <sip:${aor}?Route=%3Csip:sip.example.com%3E>`,
        'L:0',
      ]),
    },
    {
      name: 'insuf',
      category: 'semantic',
      // No To, From, Call-ID or Max-Forwards.
      answers: [400],
      text: message(
        [`INVITE sip:${aor} SIP/2.0`, 'CSeq: 193942 INVITE', 'Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf', 'Content-Type: application/sdp', 'l: {length}'],
        sdp('192.0.2.95'),
      ),
    },

    // ── 3.4 backward compatibility ──────────────────────────────────────
    {
      name: 'inv2543',
      category: 'backward-compatible',
      // An RFC 2543 INVITE (no branch, no From tag): may be taken as a call or refused.
      answers: [400, 480],
      text: message(
        [
          `INVITE sip:${aor} SIP/2.0`,
          'Via: SIP/2.0/UDP iftgw.example.com',
          'From: <sip:+13035551111@ift.client.example.net;user=phone>',
          `Record-Route: <sip:${aor};maddr=ss1.example.com>`,
          `To: sip:${aor}`,
          'Call-ID: inv2543.1717@ift.client.example.com',
          'CSeq: 56 INVITE',
          'Content-Type: application/sdp',
          'Content-Length: {length}',
        ],
        ['v=0', 'o=mhandley 29739 7272939 IN IP4 192.0.2.5', 's=-', 'c=IN IP4 192.0.2.5', 't=0 0', 'm=audio 49217 RTP/AVP 0', ''].join(CRLF),
      ),
    },
  ];
}

/** RFC 4475 "longreq": very long names, values, Call-ID and 34 Vias. */
function longRequest(user: string, domain: string): string {
  const long = (word: string, times: number): string => word.repeat(times);
  const vias = Array.from({ length: 33 }, (_, index) => `Via: SIP/2.0/TCP sip${33 - index}.example.com`);
  const callerName = long('amazinglylongcallername', 5);
  return message(
    [
      `INVITE sip:${user}@${domain} SIP/2.0`,
      `To: "I have a user name of ${long('extreme', 10)} proportion"<sip:${user}@${domain}:6000;unknownparam1=very${long('long', 20)}value;${'longparamname'}${long('name', 25)}=shortvalue;very${long('long', 25)}ParameterNameWithNoValue>`,
      `F: sip:${callerName}@example.net;tag=12${long('98', 40)}424;unknownheaderparam${long('name', 20)}=unknowheaderparam${long('value', 15)};unknownValueless${long('paramname', 10)}`,
      `Call-ID: longreq.one${long('really', 20)}longcallid`,
      'CSeq: 3882340 INVITE',
      `Unknown-${long('Long', 20)}-Name: unknown-${long('long', 20)}-value; unknown-${long('long', 20)}-parameter-name = unknown-${long('long', 20)}-parameter-value`,
      `Via: SIP/2.0/TCP host.example.com;received=192.0.2.5;branch=z9hG4bKvery${long('long', 50)}branchvalue`,
      ...vias,
      'Max-Forwards: 70',
      `Contact: <sip:${callerName}@host5.example.net>`,
      'Content-Type: application/sdp',
      'l: {length}',
    ],
    sdp('192.0.2.1'),
  );
}
