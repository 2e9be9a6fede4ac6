import assert from 'node:assert/strict';
import { MAX_ANSWERED_CHALLENGES } from '../../main/core/registration-judge';

/**
 * Checks how many REGISTERs a refused password cost, and returns the count.
 *
 * Kamailio's nonce carries the time in seconds: a refusal within the same
 * second repeats the nonce and is taken as a refusal at once (2 REGISTERs);
 * one across a second boundary is a fresh challenge, which the judge answers
 * MAX_ANSWERED_CHALLENGES more times before it takes the password as refused.
 */
export function expectRefusalCost(registersSent: number): number {
  assert.ok(registersSent >= 2 && registersSent <= 2 + MAX_ANSWERED_CHALLENGES, `${registersSent} REGISTERs for a refused password`);
  return registersSent;
}
