import { z } from 'zod';

/** The id of an account or a contact: main makes UUIDs; anything else crossing IPC or read from disk must still look like one. */
export const RecordIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
