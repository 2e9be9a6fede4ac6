/**
 * Changing main's settings from a control: the requested value shows at
 * once and stays "pending" until main's snapshot carries it; a refusal
 * drops it and comes back as an error in words.
 */
import { useEffect, useState } from 'react';
import type { Settings, SettingsChange } from '../../app/settings';
import type { AppError } from '../../app/result';
import { useApi } from './contexts';
import { useSettings } from './store-selectors';
import { unexpectedError } from './error-words';

export interface SettingsUpdater {
  readonly settings: Settings | null;
  /** What each control shows: the pending value, else main's. */
  readonly pending: SettingsChange;
  readonly error: AppError | null;
  /** Resolves with the refusal, or null once main accepted it. */
  update(change: SettingsChange): Promise<AppError | null>;
}

export function useSettingsUpdate(): SettingsUpdater {
  const api = useApi();
  const settings = useSettings();
  const [pending, setPending] = useState<SettingsChange>({});
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    if (!settings) return;
    setPending((current) => {
      const entries = Object.entries(current).filter(([key, value]) => JSON.stringify(settings[key as keyof Settings]) !== JSON.stringify(value));
      return entries.length === Object.keys(current).length ? current : (Object.fromEntries(entries) as SettingsChange);
    });
  }, [settings]);

  const update = async (change: SettingsChange): Promise<AppError | null> => {
    setPending((current) => ({ ...current, ...change }));
    setError(null);
    const dropChange = () =>
      setPending((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !(key in change))) as SettingsChange);
    try {
      const result = await api.updateSettings(change);
      if (result.ok) return null;
      dropChange();
      setError(result.error);
      return result.error;
    } catch (failure) {
      dropChange();
      const unexpected = unexpectedError(failure);
      setError(unexpected);
      return unexpected;
    }
  };

  return { settings, pending, error, update };
}
