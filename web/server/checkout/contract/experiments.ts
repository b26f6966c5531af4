// A/B tests in checkout: the block shows every shopper the same offers, so it cannot split them into arms. Only
// the heaviest arm of each test is synced (ties: the first arm by name); the others are reported.
import type { FunnelDefinition } from '../../offers/index.js';
import type { ContractWarning } from './types.js';

/** The funnels to sync: every funnel outside a test, and the winning arm of each test. */
export function experimentWinners(funnels: readonly FunnelDefinition[], warnings: ContractWarning[]): FunnelDefinition[] {
  const winners = new Map<string, FunnelDefinition>();
  for (const funnel of funnels) {
    if (!funnel.experiment) continue;
    const current = winners.get(funnel.experiment.key);
    const better =
      !current ||
      funnel.experiment.weight > current.experiment!.weight ||
      (funnel.experiment.weight === current.experiment!.weight && funnel.experiment.arm < current.experiment!.arm);
    if (better) winners.set(funnel.experiment.key, funnel);
  }
  return funnels.filter((funnel) => {
    if (!funnel.experiment) return true;
    const winner = winners.get(funnel.experiment.key)!;
    if (winner === funnel) return true;
    warnings.push({
      code: 'experiment_arm_not_synced',
      funnelId: funnel.id,
      message:
        `Funnel "${funnel.name}" is arm "${funnel.experiment.arm}" of A/B test "${funnel.experiment.key}". ` +
        `The checkout block cannot split shoppers, so it shows arm "${winner.experiment!.arm}" ("${winner.name}") only.`,
    });
    return false;
  });
}
