import { ArrowRight, CalendarCheck, Play } from 'lucide-react';
import { errorMessage, useMonthProgress, useSetMonthStep, useStartMonth } from '@/api';
import type { MonthStep } from '@/api/ledgerTypes';
import { Button, EmptyState, InlineAlert, PageHeader, Spinner, useNotices } from '@/components/ui';
import { cycleLabel } from '@/features/activity-log/ledgerLabels';
import { MonthStepper } from './MonthStepper';
import { CostsStep, DoneStep, MappingStep, ReviewStep, SanityStep, SyncStep } from './MonthSteps';
import { STEPS, currentStep, nextStep } from './monthSteps';
import '@/features/sanity-check/sanity-check.css';
import './month.css';

/**
 * The guided month: map, sync, review, reconcile costs (optional), sanity check, done.
 * The step comes from the backend, so the page opens where the user left off, on any
 * computer session; Next and the stepper move it there.
 */
export function MonthPage() {
  const progress = useMonthProgress();
  const start = useStartMonth();
  const setStep = useSetMonthStep();
  const notices = useNotices();
  const p = progress.data;

  function go(step: MonthStep) {
    setStep.mutate(step, { onError: (err) => notices.error('Could not move to that step', err) });
  }

  if (progress.isPending) {
    return (
      <div className="loading">
        <Spinner size={18} /> Loading this month's true-up…
      </div>
    );
  }
  if (progress.isError || !p) {
    return <InlineAlert>Could not load this month's true-up: {errorMessage(progress.error)}</InlineAlert>;
  }

  const title = `${cycleLabel(p.cycle)} true-up`;
  if (!p.started_at) {
    return (
      <>
        <PageHeader title={title} description="The month's reconciliation, step by step, remembered where you leave off." />
        <EmptyState
          icon={<CalendarCheck size={22} />}
          title="Start this month's true-up"
          actions={
            <Button
              variant="primary"
              icon={<Play size={16} aria-hidden="true" />}
              loading={start.isPending}
              onClick={() => start.mutate(undefined, { onError: (err) => notices.error("Could not start this month's true-up", err) })}
            >
              Start this month's true-up
            </Button>
          }
        >
          Map accounts and products, sync, review the cards, reconcile costs and check the result.
        </EmptyState>
      </>
    );
  }

  const step = currentStep(p.step);
  const after = nextStep(step);
  const next = (
    <Button
      variant="primary"
      trailingIcon={<ArrowRight size={16} aria-hidden="true" />}
      loading={setStep.isPending && setStep.variables === after}
      onClick={() => go(after)}
    >
      {after === 'done' ? 'Finish the month' : `Next: ${STEPS.find((s) => s.id === after)!.title}`}
    </Button>
  );
  const skip = (
    <Button variant="ghost" onClick={() => go(after)} disabled={setStep.isPending}>
      Skip
    </Button>
  );

  return (
    <>
      <PageHeader title={title} description="The month's reconciliation, step by step. TrueUp remembers where you left off." />
      <div className="month-layout">
        <MonthStepper current={step} onOpen={go} disabled={setStep.isPending} />
        <div className="month-main">
          {step === 'mapping' && <MappingStep progress={p} next={next} />}
          {step === 'sync' && <SyncStep progress={p} next={next} />}
          {step === 'review' && <ReviewStep progress={p} next={next} />}
          {step === 'costs' && <CostsStep progress={p} next={next} skip={skip} />}
          {step === 'sanity' && <SanityStep progress={p} next={next} />}
          {step === 'done' && <DoneStep progress={p} />}
        </div>
      </div>
    </>
  );
}
