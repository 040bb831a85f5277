import { PageHeader } from '../../components/PageHeader';
import { AlertRules } from './AlertRules';
import { NotificationList } from './NotificationList';
import { Webhooks } from './Webhooks';

/** /notifications — what the alert rules raised, the rules themselves, and where alerts are sent. */
export function NotificationsPage() {
  return (
    <>
      <PageHeader title="Notifications" description="Alerts raised by the rules below, and the webhooks they are sent to." />
      <div className="grid gap-6">
        <NotificationList />
        <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
          <AlertRules />
          <Webhooks />
        </div>
      </div>
    </>
  );
}
