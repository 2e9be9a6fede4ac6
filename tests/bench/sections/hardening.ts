/**
 * Hardening: time and hostile input, the figures issue 10 asks for.
 *
 * - soak: the main core against two Kamailios of this section's own (the
 *   friendly profile and the other-server profile: realm "asterisk", 401
 *   for INVITE), each with 2 s registrations and 1 s nonces, side by side,
 *   for `SOAK_CYCLES` refresh cycles each; a call in at the end must be
 *   answered. `soak_refresh_cycles` is the sum over both,
 *   `soak_registered_fraction` the lower one (time Registered / time since
 *   first registered; target 1.0).
 * - torture: every RFC 4475 case at a hostile scripted server
 *   (`torture_cases`), with the cases during which the process threw
 *   (`torture_crashes`, target 0) and those answered otherwise than RFC 3261
 *   asks (`torture_wrong_answers`, target 0).
 * - fuzz: `FUZZ_COUNT` seeded mutations at the same server (`fuzz_messages`
 *   sent, `fuzz_crashes` exceptions, target 0).
 *
 * Nothing here compares with a baseline: these are pass/fail figures.
 */
import { OTHER_SERVER_PROFILE } from '../../support/kamailio';
import { CrashWatch, runFuzz, runTorture, startHostileSession } from '../../support/hostile-storm';
import { runRegistrationSoak, type SoakResult } from '../../support/registration-soak';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';

const SOAK_CYCLES = 60;
const SOAK_EXPIRES_SEC = 2;
const SOAK_NONCE_SEC = 1;
const FUZZ_SEED = 20_261_204;
const FUZZ_COUNT = 5_000;
const RENDERER_WAIT_MS = 300;
const TIMING = { answerTimeoutMs: RENDERER_WAIT_MS + 1_200, quietMs: 150, reconnectTimeoutMs: 5_000 };

export const hardeningSection: BenchSection = {
  name: 'hardening',
  title: `registration soak (${SOAK_CYCLES} cycles × 2 servers), RFC 4475 torture, ${FUZZ_COUNT} fuzz messages`,
  async run(context: BenchContext): Promise<SectionResult> {
    context.log(`hardening: two soaks of ${SOAK_CYCLES} refresh cycles (${SOAK_EXPIRES_SEC} s expiry, ${SOAK_NONCE_SEC} s nonces), side by side`);
    const soaks = await Promise.all(
      [{ nonceExpireSec: SOAK_NONCE_SEC }, { ...OTHER_SERVER_PROFILE, nonceExpireSec: SOAK_NONCE_SEC }].map((server) =>
        runRegistrationSoak({ server, expiresSec: SOAK_EXPIRES_SEC, cycles: SOAK_CYCLES }),
      ),
    );
    const watch = new CrashWatch().install();
    try {
      const session = await startHostileSession(RENDERER_WAIT_MS);
      try {
        context.log('hardening: RFC 4475 torture cases');
        const torture = await runTorture(session.server, watch, TIMING);
        context.log(`hardening: ${FUZZ_COUNT} fuzz messages (seed ${FUZZ_SEED})`);
        const fuzz = await runFuzz(session.server, watch, { seed: FUZZ_SEED, count: FUZZ_COUNT, reconnectTimeoutMs: TIMING.reconnectTimeoutMs }, () => ({
          user: session.user,
          domain: session.server.domain,
          lastRegister: session.server.lastRegister?.raw,
        }));
        context.log(`hardening: fuzz done (${fuzz.sent} sent, ${fuzz.crashes} exceptions); stopping`);
        const tortureCrashes = torture.outcomes.filter((outcome) => outcome.crashes > 0).length;
        const figures = {
          soak_refresh_cycles: soaks.reduce((sum, soak) => sum + soak.refreshCycles, 0),
          soak_registered_fraction: Math.round(Math.min(...soaks.map((soak) => soak.registeredFraction)) * 1000) / 1000,
          torture_cases: torture.outcomes.filter((outcome) => outcome.wasSent).length,
          torture_crashes: tortureCrashes,
          torture_wrong_answers: torture.wrong.length,
          fuzz_messages: fuzz.sent,
          fuzz_crashes: fuzz.crashes,
        };
        return {
          figures,
          summary: [
            ...soaks.map((soak, index) => soakLine(index === 0 ? 'friendly server' : 'other-server profile', soak)),
            `torture           ${figures.torture_cases} RFC 4475 cases sent: ${tortureCrashes} threw (target 0), ${torture.wrong.length} answered wrongly (target 0)`,
            ...torture.wrong.slice(0, 10).map((line) => `  ${line}`),
            `fuzz              ${fuzz.sent} of ${FUZZ_COUNT} mutations sent (seed ${FUZZ_SEED}): ${fuzz.crashes} exceptions (target 0)`,
            ...fuzz.crashedOn.slice(0, 5).map((label) => `  threw after ${label}`),
          ],
          samples: { soaks: soaks.map(({ wire: _wire, ...soak }) => soak), torture: torture.outcomes, fuzz, crashes: watch.events },
        };
      } finally {
        await session.stop().catch((error: unknown) => context.log(`hardening: ${error instanceof Error ? error.message : String(error)}`));
      }
    } finally {
      watch.uninstall();
    }
  },
};

function soakLine(label: string, soak: SoakResult): string {
  const left = soak.changesAfterRegistered.map((change) => change.status.kind).join(', ') || 'none';
  return (
    `soak (${label.padEnd(20)}) ${soak.refreshCycles} refresh cycles, ${soak.distinctNonces} nonces, Registered ${(soak.registeredFraction * 100).toFixed(1)}% ` +
    `(target 100%), status changes ${left}, call in ${soak.callInStatus || 'not placed'}`
  );
}
