import { useState } from 'react';
import { problemsOf, putJson } from './api';

/**
 * A settings form saved with PUT: the values, a patch setter, the save (the server's answer replaces the values) and
 * its states. `body` turns the values (and whatever text fields the form keeps apart) into the request body.
 */
export function useSettingsForm<T extends object>(initial: T, path: string, body: (settings: T) => unknown = (settings) => settings) {
  const [settings, setSettings] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<T>) => {
    setSaved(false);
    setSettings((s) => ({ ...s, ...patch }));
  };
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      setSettings((await putJson<{ settings: T }>(path, body(settings))).settings);
      setSaved(true);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSaving(false);
    }
  };
  return { settings, set, save, saving, saved, setSaved, error, problems: problemsOf(error) };
}
