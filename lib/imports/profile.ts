/**
 * Wall time per import phase, summed over a run: the import benchmark turns it on and prints where the
 * time went. Off (one boolean check per phase) everywhere else.
 */
export const importProfile = { enabled: false, ms: new Map<string, number>() };

export async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  if (!importProfile.enabled) return work();
  const t = performance.now();
  try {
    return await work();
  } finally {
    importProfile.ms.set(phase, (importProfile.ms.get(phase) ?? 0) + performance.now() - t);
  }
}
