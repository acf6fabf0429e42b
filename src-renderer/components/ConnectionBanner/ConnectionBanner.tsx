import { useConnectionStatus } from '../../hooks/useConnectionStatus';
import { useNow } from '../../hooks/useNow';
import { useSnapshot } from '../../hooks/useSnapshot';
import './ConnectionBanner.css';

/** Loud banners while the connection is lost (with a retry countdown) or the cluster is `fail`. */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  const { snapshot } = useSnapshot();
  const lost =
    status !== null &&
    status.state !== 'ready' &&
    status.state !== 'connecting' &&
    !(status.state === 'disconnected' && !status.error);
  const now = useNow(500, lost && status?.retryAt !== undefined);
  const seconds = status?.retryAt !== undefined ? Math.max(0, Math.ceil((status.retryAt - now) / 1000)) : undefined;
  return (
    <>
      {lost && (
        <div className="banner banner-danger" role="alert" data-testid="banner-connection-lost">
          <strong>Connection lost</strong> ({status.state}){status.error && <> — {status.error.message}</>}
          {seconds !== undefined && (
            <span data-testid="retry-countdown" data-seconds={seconds}>
              {' '}
              Retrying in {seconds} s.
            </span>
          )}{' '}
          Charts show a gap until it is back.
        </div>
      )}
      {snapshot?.mode === 'cluster' && snapshot.clusterState === 'fail' && (
        <div className="banner banner-danger" role="alert" data-testid="banner-cluster-fail">
          <strong>Cluster state: fail.</strong> {snapshot.coverage.fail + snapshot.coverage.unassigned} slots are not
          served; writes to them wait or fail until a replica is promoted.
        </div>
      )}
    </>
  );
}
