import { Alert, Code, Text } from '@mantine/core';
import type { VerifyAuditChainQuery } from '../../gql/graphql';

/** The answer of Verify chain: intact or broken, how many events were checked, where it broke. */
export function ChainReportAlert({
  report,
  onClose,
}: {
  report: VerifyAuditChainQuery['verifyAuditChain'];
  onClose: () => void;
}) {
  return (
    <Alert
      mb="md"
      color={report.ok ? 'green' : 'red'}
      title={report.ok ? 'The chain is intact' : 'The chain is broken'}
      withCloseButton
      closeButtonLabel="Close report"
      onClose={onClose}
      data-testid="chain-report"
    >
      <Text size="sm">
        {report.checked} events checked
        {report.prunedThroughSeq > 0 ? `; events up to #${report.prunedThroughSeq} were pruned by retention` : ''}.
      </Text>
      {!report.ok && (
        <Text size="sm">
          Problem: <b>{report.problem}</b>
          {report.firstBrokenEventId && (
            <>
              {' '}
              at event <Code>{report.firstBrokenEventId}</Code>
            </>
          )}
        </Text>
      )}
    </Alert>
  );
}
