import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Setting, SettingValue } from '../../api/types';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { adminMe, userMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { groupSettings, parseDraft } from './SettingsPage';

const setting = (overrides: Partial<Setting> & Pick<Setting, 'key' | 'group' | 'label' | 'type'>): Setting => ({
  description: 'What it does.',
  value: null,
  default: null,
  source: 'default',
  editable: true,
  restart_required: false,
  restart_pending: false,
  min: null,
  max: null,
  choices: null,
  updated_at: null,
  ...overrides,
});

function initial(): Setting[] {
  return [
    setting({ key: 'DataDirectory', group: 'Server', label: 'Data directory', type: 'text', value: '/srv/m3u', source: 'environment', editable: false }),
    setting({ key: 'PublicUrl', group: 'Server', label: 'Public URL', type: 'text', restart_required: true }),
    setting({ key: 'Playback:Mode', group: 'Playback', label: 'Mode', type: 'choice', value: 'proxy', default: 'proxy', choices: ['proxy', 'redirect'] }),
    setting({ key: 'Playback:ConnectTimeoutSeconds', group: 'Playback', label: 'Connect timeout (s)', type: 'number', value: 10, default: 10, min: 1, max: 120 }),
    setting({ key: 'HdHomeRun:TunerCount', group: 'HDHomeRun', label: 'Tuners', type: 'integer', value: 4, default: 2, min: 1, max: 32, source: 'database' }),
    setting({ key: 'Library:GenreFolders', group: 'Library', label: 'Genre folders', type: 'boolean', value: true, default: true }),
  ];
}

function routes(state: { settings: Setting[] }) {
  return {
    'GET /api/auth/me': () => json(200, adminMe),
    'GET /api/admin/settings': () => json(200, state.settings),
    'PUT /api/admin/settings': ({ body }: { body: unknown }) => {
      const values = (body as { values: Record<string, SettingValue | null> }).values;
      if (values['Playback:Mode'] === 'redirect' && values['Playback:ConnectTimeoutSeconds'] === 99) {
        return problem(400, { title: 'One or more fields are invalid.', errors: { 'Playback:ConnectTimeoutSeconds': ['Playback:ConnectTimeoutSeconds is refused by the server.'] } });
      }
      state.settings = state.settings.map((s) =>
        s.key in values
          ? { ...s, value: values[s.key] ?? s.default, source: values[s.key] === null ? 'default' : 'database', restart_pending: s.restart_required && values[s.key] !== null }
          : s,
      );
      return json(200, state.settings);
    },
  };
}

describe('settings page', () => {
  it('lists the settings by group with their source and saves only what changed in a group', async () => {
    const state = { settings: initial() };
    const { calls } = fakeApi(routes(state));
    renderApp('/settings');
    const user = userEvent.setup();

    const playback = await screen.findByRole('form', { name: 'Playback settings' });
    expect(screen.getByRole('heading', { name: 'Server' })).toBeInTheDocument();
    const server = screen.getByRole('form', { name: 'Server settings' });
    // Read-only settings show their value and where it comes from, with no input.
    expect(within(server).getByText('/srv/m3u')).toBeInTheDocument();
    expect(within(server).getByText('from environment')).toBeInTheDocument();
    expect(within(server).queryByLabelText('Data directory')).not.toBeInTheDocument();
    expect(within(server).getByText('applies after a restart')).toBeInTheDocument();

    const save = within(playback).getByRole('button', { name: 'Save Playback' });
    expect(save).toBeDisabled();
    await user.selectOptions(within(playback).getByLabelText('Mode'), 'redirect');
    const timeout = within(playback).getByLabelText('Connect timeout (s)');
    await user.clear(timeout);
    await user.type(timeout, '15.5');
    await user.click(save);
    expect(await within(playback).findByText('Saved; in effect now.')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({ values: { 'Playback:Mode': 'redirect', 'Playback:ConnectTimeoutSeconds': 15.5 } });
    expect(within(playback).getAllByText('changed here')).toHaveLength(2);

    // A restart-only setting says so once saved.
    await user.type(within(server).getByLabelText('Public URL'), 'https://tv.example.org');
    await user.click(within(server).getByRole('button', { name: 'Save Server' }));
    expect(await within(server).findByText('Saved. Public URL will apply after the server restarts.')).toBeInTheDocument();
    expect(within(server).getByText('restart pending')).toBeInTheDocument();

    // A change made here can be dropped, back to the configured value.
    const tuner = screen.getByRole('form', { name: 'HDHomeRun settings' });
    expect(within(tuner).getByLabelText('Tuners')).toHaveValue('4');
    await user.click(within(tuner).getByRole('button', { name: 'Use the configured value for Tuners' }));
    await waitFor(() => expect(within(tuner).getByLabelText('Tuners')).toHaveValue('2'));
    expect(calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({ values: { 'HdHomeRun:TunerCount': null } });
  });

  it('checks values as the server does before sending, and shows the server’s own problems by the field', async () => {
    const state = { settings: initial() };
    const { calls } = fakeApi(routes(state));
    renderApp('/settings');
    const user = userEvent.setup();

    const tuner = await screen.findByRole('form', { name: 'HDHomeRun settings' });
    const count = within(tuner).getByLabelText('Tuners');
    await user.clear(count);
    await user.type(count, '40');
    await user.click(within(tuner).getByRole('button', { name: 'Save HDHomeRun' }));
    expect(within(tuner).getByText('HdHomeRun:TunerCount must be between 1 and 32.')).toBeInTheDocument();
    expect(count).toHaveAttribute('aria-invalid', 'true');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    const playback = screen.getByRole('form', { name: 'Playback settings' });
    await user.selectOptions(within(playback).getByLabelText('Mode'), 'redirect');
    const timeout = within(playback).getByLabelText('Connect timeout (s)');
    await user.clear(timeout);
    await user.type(timeout, '99');
    await user.click(within(playback).getByRole('button', { name: 'Save Playback' }));
    expect(await within(playback).findByText('Playback:ConnectTimeoutSeconds is refused by the server.')).toBeInTheDocument();
    expect(within(playback).getByRole('alert')).toHaveTextContent('One or more fields are invalid.');
    expect(within(playback).getByLabelText('Connect timeout (s)')).toHaveValue('99');
  });

  it('shows loading and error states, and is not offered to other users', async () => {
    let answer: (response: Response) => void = () => {};
    fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/settings': () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    const page = renderApp('/settings');
    expect(await screen.findByText('Loading settings…')).toBeInTheDocument();
    answer(problem(500, { title: 'The database is unavailable.' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is unavailable.');
    page.unmount();

    fakeApi({ 'GET /api/auth/me': () => json(200, userMe) });
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'Guide' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Settings' })).not.toBeInTheDocument();
  });
});

describe('parseDraft', () => {
  const integer = setting({ key: 'A:B', group: 'G', label: 'L', type: 'integer', min: 1, max: 10 });
  it('reads numbers like the server', () => {
    expect(parseDraft(integer, ' 7 ')).toEqual({ value: 7 });
    expect(parseDraft(integer, '7.5')).toEqual({ error: 'A:B must be a whole number.' });
    expect(parseDraft(integer, '11')).toEqual({ error: 'A:B must be between 1 and 10.' });
    expect(parseDraft({ ...integer, type: 'number' }, '2.5')).toEqual({ value: 2.5 });
    expect(parseDraft({ ...integer, type: 'number' }, 'x')).toEqual({ error: 'A:B must be a number.' });
    expect(parseDraft({ ...integer, type: 'boolean' }, false)).toEqual({ value: false });
    expect(parseDraft({ ...integer, type: 'choice', choices: ['a', 'b'] }, 'c')).toEqual({ error: 'A:B must be one of a, b.' });
  });

  it('keeps the server’s group order', () => {
    expect(groupSettings(initial()).map(([g, items]) => [g, items.length])).toEqual([
      ['Server', 2],
      ['Playback', 2],
      ['HDHomeRun', 1],
      ['Library', 1],
    ]);
  });
});
