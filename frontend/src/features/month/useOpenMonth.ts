import { useMonthProgress, useStartMonth } from '@/api';
import { useNavigation } from '@/app/navigation';
import { useNotices } from '@/components/ui';
import { STEPS, currentStep, stepIndex } from './monthSteps';

/**
 * What the "Start this month's true-up" entries say and do: start the cycle's true-up when
 * it has not started (the backend remembers it), then open the guided month where the user
 * left off.
 */
export function useOpenMonth() {
  const progress = useMonthProgress();
  const start = useStartMonth();
  const nav = useNavigation();
  const notices = useNotices();
  const p = progress.data;
  const started = !!p?.started_at;
  const step = currentStep(p?.step ?? '');
  const done = !!p?.done_at || (started && step === 'done');

  const label = done ? "This month's true-up is done" : started ? "Continue this month's true-up" : "Start this month's true-up";
  const detail = !p
    ? ''
    : done
      ? 'See the summary'
      : started
        ? `Step ${stepIndex(step) + 1} of ${STEPS.length}: ${STEPS[stepIndex(step)]!.title}`
        : '';

  function open() {
    if (started) {
      nav.navigate('month');
      return;
    }
    start.mutate(undefined, {
      onSuccess: () => nav.navigate('month'),
      onError: (err) => notices.error("Could not start this month's true-up", err),
    });
  }

  return { progress, label, detail, open, pending: start.isPending, started, done };
}
