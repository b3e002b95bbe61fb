import { CircleCheck, CircleX, PlugZap } from 'lucide-react';
import { errorMessage, useTestConnection } from '@/api';
import { Button } from '@/components/ui';

/** "Test connection" and its answer (green on success, red on failure, with duration). */
export function TestConnection({ integrationId }: { integrationId: number }) {
  const test = useTestConnection();
  const result = test.data;
  return (
    <div className="test-connection">
      <Button
        size="sm"
        icon={<PlugZap size={14} aria-hidden="true" />}
        loading={test.isPending}
        onClick={() => test.mutate(integrationId)}
        title="Check the address and credentials without syncing"
      >
        Test connection
      </Button>
      {!test.isPending && result && (
        <p className={`test-result ${result.ok ? 'test-result--ok' : 'test-result--fail'}`} role="status" data-ok={result.ok}>
          {result.ok ? <CircleCheck size={16} aria-hidden="true" /> : <CircleX size={16} aria-hidden="true" />}
          <span>{result.message || (result.ok ? 'Connected' : 'Connection failed')}</span>
          <span className="test-result__ms num">{result.duration_ms} ms</span>
        </p>
      )}
      {!test.isPending && test.isError && (
        <p className="test-result test-result--fail" role="status" data-ok="false">
          <CircleX size={16} aria-hidden="true" />
          <span>{errorMessage(test.error)}</span>
        </p>
      )}
    </div>
  );
}
