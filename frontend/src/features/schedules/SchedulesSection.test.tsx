import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/errors';
import { api } from '@/test/fakeApi';
import { makeOSTask, makeScheduleList, makeScheduleRow } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { SettingsPage } from '@/features/settings/SettingsPage';
import { SchedulesSection } from './SchedulesSection';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const SLOW = 20_000;

const psaStream = makeScheduleRow();
const pax8 = makeScheduleRow({
  integration_id: 2,
  integration: 'Pax8',
  stream: 'vendors',
  source: 'default',
  cadence: 'weekly wed',
  weekday: 'wed',
  description: 'weekly on Wednesday at 07:00 UTC, quick',
  next_runs: ['2026-12-09T07:00:00Z'],
  next_run_labels: ['Wed 9 Dec 08:00 (07:00 UTC)'],
  recommendation: 'Pax8 publishes arrears data late in the month: the 5th or 6th is recommended.',
});

async function scheduleRow(name: string) {
  const rows = await screen.findAllByTestId('schedule-row');
  const r = rows.find((el) => el.getAttribute('data-name') === name);
  if (!r) throw new Error(`no schedule row ${name}`);
  return within(r);
}

describe('SchedulesSection', () => {
  it('shows each schedule with its next run in local time beside 07:00 UTC, and the arrears advice', async () => {
    vi.mocked(api.schedules.show).mockResolvedValue(makeScheduleList({ rows: [psaStream, pax8] }));
    renderWithProviders(<SchedulesSection />);

    const stream = await scheduleRow('All PSAs');
    expect(stream.getByText('Next run: Tue 8 Dec 08:00 (07:00 UTC)')).toBeInTheDocument();
    expect(stream.getByRole('combobox', { name: 'All PSAs: runs' })).toHaveTextContent('Weekly');
    expect(stream.getByRole('combobox', { name: 'All PSAs: weekday' })).toHaveTextContent('Tuesday');

    const vendor = await scheduleRow('Pax8');
    expect(vendor.getByText('Default: weekly on the weekday it was added.')).toBeInTheDocument();
    expect(vendor.getByText('Next run: Wed 9 Dec 08:00 (07:00 UTC)')).toBeInTheDocument();
    expect(vendor.getByText(/the 5th or 6th is recommended/)).toBeInTheDocument();
    expect(screen.getByText(/shown in your time \(Europe\/Berlin\)/)).toBeInTheDocument();
  }, SLOW);

  it('saves a day-of-the-month schedule with Full Sync on the first run, from the keyboard', async () => {
    vi.mocked(api.schedules.show).mockResolvedValue(makeScheduleList({ rows: [psaStream, pax8] }));
    const saved = makeScheduleRow({
      ...pax8,
      source: 'integration',
      cadence: 'monthly 6',
      weekday: '',
      day: 6,
      full_first_of_month: true,
      next_runs: ['2026-12-06T07:00:00Z'],
      next_run_labels: ['Sun 6 Dec 08:00 (07:00 UTC)'],
    });
    vi.mocked(api.schedules.set).mockResolvedValue(makeScheduleList({ rows: [psaStream, saved] }));
    const { user } = renderWithProviders(<SchedulesSection />);

    const vendor = await scheduleRow('Pax8');
    const save = vendor.getByRole('button', { name: 'Save the schedule of Pax8' });
    expect(save).toBeDisabled();

    const cadence = vendor.getByRole('combobox', { name: 'Pax8: runs' });
    cadence.focus();
    await user.keyboard('{Enter}');
    await user.click(await screen.findByRole('option', { name: 'Day of the month' }));
    expect(vendor.getByText('Save to see the next run.')).toBeInTheDocument();
    await user.click(vendor.getByRole('combobox', { name: 'Pax8: day of the month' }));
    await user.click(await screen.findByRole('option', { name: /^6$/ }));
    // On the 6th the advice is followed: it is no longer shown.
    expect(vendor.queryByText(/the 5th or 6th is recommended/)).not.toBeInTheDocument();
    await user.click(vendor.getByRole('checkbox', { name: 'Pax8: Full Sync on the first run of each month' }));

    expect(save).toBeEnabled();
    await user.click(save);
    await waitFor(() =>
      expect(api.schedules.set).toHaveBeenCalledWith({
        integration_id: 2,
        stream: '',
        cadence: 'monthly',
        weekday: '',
        day: 6,
        mode: 'quick',
        full_first_of_month: true,
      }),
    );
    expect(await vendor.findByText('Next run: Sun 6 Dec 08:00 (07:00 UTC)')).toBeInTheDocument();
    expect(api.schedules.osTask).toHaveBeenCalledTimes(2); // re-read: the task may be stale now
  }, SLOW);

  it('sets a stream off, and says so instead of a next run', async () => {
    vi.mocked(api.schedules.show).mockResolvedValue(makeScheduleList({ rows: [psaStream] }));
    vi.mocked(api.schedules.set).mockResolvedValue(
      makeScheduleList({ rows: [makeScheduleRow({ cadence: 'off', weekday: '', next_runs: [], next_run_labels: [] })] }),
    );
    const { user } = renderWithProviders(<SchedulesSection />);
    const stream = await scheduleRow('All PSAs');
    await user.click(stream.getByRole('combobox', { name: 'All PSAs: runs' }));
    await user.click(await screen.findByRole('option', { name: 'Off' }));
    expect(stream.queryByRole('combobox', { name: 'All PSAs: mode' })).not.toBeInTheDocument();
    await user.click(stream.getByRole('button', { name: 'Save the schedule of All PSAs' }));
    await waitFor(() =>
      expect(api.schedules.set).toHaveBeenCalledWith(
        expect.objectContaining({ integration_id: 0, stream: 'psa', cadence: 'off', full_first_of_month: false }),
      ),
    );
    expect(await stream.findByText('Does not sync on its own.')).toBeInTheDocument();
  }, SLOW);

  it('offers a stream that has no schedule yet, and saves one for it', async () => {
    vi.mocked(api.schedules.show).mockResolvedValue(makeScheduleList({ rows: [psaStream, pax8] }));
    const { user } = renderWithProviders(<SchedulesSection />);
    const vendors = await scheduleRow('All vendors');
    expect(vendors.getByText(/^Not set: each integration runs on its own schedule/)).toBeInTheDocument();
    await user.click(vendors.getByRole('combobox', { name: 'All vendors: runs' }));
    await user.click(await screen.findByRole('option', { name: 'Day of the month' }));
    await user.click(vendors.getByRole('button', { name: 'Save the schedule of All vendors' }));
    await waitFor(() =>
      expect(api.schedules.set).toHaveBeenCalledWith(
        expect.objectContaining({ integration_id: 0, stream: 'vendors', cadence: 'monthly', day: 5 }),
      ),
    );
  }, SLOW);

  it('shows a save error next to the schedule', async () => {
    vi.mocked(api.schedules.show).mockResolvedValue(makeScheduleList({ rows: [psaStream] }));
    vi.mocked(api.schedules.set).mockRejectedValue(new ApiError('monthly schedule needs a day of the month from 1 to 31'));
    const { user } = renderWithProviders(<SchedulesSection />);
    const stream = await scheduleRow('All PSAs');
    await user.click(stream.getByRole('combobox', { name: 'All PSAs: runs' }));
    await user.click(await screen.findByRole('option', { name: 'Nightly' }));
    await user.click(stream.getByRole('button', { name: 'Save the schedule of All PSAs' }));
    expect(await stream.findByText(/Could not save: monthly schedule needs a day/)).toBeInTheDocument();
  }, SLOW);
});

describe('OSTaskPanel', () => {
  it('registers the OS task and removes it again', async () => {
    vi.mocked(api.schedules.show).mockResolvedValue(makeScheduleList({ rows: [psaStream] }));
    vi.mocked(api.schedules.registerOSTask).mockResolvedValue(makeOSTask({ state: 'registered' }));
    vi.mocked(api.schedules.removeOSTask).mockResolvedValue(makeOSTask({ state: 'not_registered' }));
    const { user } = renderWithProviders(<SchedulesSection />);

    const panel = within(await screen.findByTestId('os-task'));
    expect(await panel.findByText('Not registered')).toBeInTheDocument();
    expect(panel.getByText('/usr/bin/trueup sync --scheduled')).toBeInTheDocument();
    expect(panel.getByRole('button', { name: 'Remove' })).toBeDisabled();

    await user.click(panel.getByRole('button', { name: 'Register' }));
    expect(await panel.findByText('Registered')).toBeInTheDocument();
    expect(api.schedules.registerOSTask).toHaveBeenCalledTimes(1);
    expect(panel.getByText('/home/jo/.config/systemd/user/trueup-sync.timer')).toBeInTheDocument();

    await user.click(panel.getByRole('button', { name: 'Remove' }));
    expect(await panel.findByText('Not registered')).toBeInTheDocument();
    expect(api.schedules.removeOSTask).toHaveBeenCalledTimes(1);
  }, SLOW);

  it('says when the task is out of date, and why', async () => {
    vi.mocked(api.schedules.osTask).mockResolvedValue(
      makeOSTask({ state: 'stale', detail: 'its times differ from the schedules: register the task again' }),
    );
    renderWithProviders(<SchedulesSection />);
    const panel = within(await screen.findByTestId('os-task'));
    expect(await panel.findByText('Out of date')).toBeInTheDocument();
    expect(panel.getByText('its times differ from the schedules: register the task again')).toBeInTheDocument();
    expect(panel.getByRole('button', { name: 'Register again' })).toBeEnabled();
    expect(panel.getByRole('button', { name: 'Remove' })).toBeEnabled();
  }, SLOW);

  it('offers no buttons where no task can be registered (the demo, a dev build)', async () => {
    vi.mocked(api.schedules.osTask).mockResolvedValue(
      makeOSTask({ state: 'unavailable', platform: '', location: '', command: '', detail: 'this workspace (the demo, or a development build) never registers an OS task' }),
    );
    renderWithProviders(<SchedulesSection />);
    const panel = within(await screen.findByTestId('os-task'));
    expect(await panel.findByText('Unavailable')).toBeInTheDocument();
    expect(panel.getByText(/never registers an OS task/)).toBeInTheDocument();
    expect(panel.queryByRole('button', { name: 'Register' })).not.toBeInTheDocument();
  }, SLOW);

  it('is on the Settings page', async () => {
    renderWithProviders(<SettingsPage />);
    expect(await screen.findByRole('heading', { name: 'Schedules' })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Backups' })).toBeInTheDocument();
  }, SLOW);
});
