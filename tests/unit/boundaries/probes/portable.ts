// Probe: what app/ may use everywhere: ES2022, its libraries, the WHATWG URL.
import { z } from 'zod';

export const host = z.string().parse(new URL('wss://sip.example.com/ws').hostname);
