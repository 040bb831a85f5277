import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { alertRulesQueryKey, listAlertRules, updateAlertRule } from '../../api/alerts';
import { ApiError } from '../../api/client';
import type { AlertRule, AlertRuleRequest } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Checkbox } from '../../components/Fields';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { TextField } from '../../components/TextField';
import { severityTone } from './NotificationList';

function RuleForm({ rule }: { rule: AlertRule }) {
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(rule.enabled);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(rule.parameter_specs.map((s) => [s.name, String(rule.parameters[s.name] ?? s.default)])),
  );
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (request: AlertRuleRequest) => updateAlertRule(rule.id, request),
    onSuccess: (updated) => {
      queryClient.setQueryData<AlertRule[]>(alertRulesQueryKey, (rules) => rules?.map((r) => (r.id === updated.id ? updated : r)));
      setSaved(true);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    // An empty or non-numeric entry becomes NaN, which JSON sends as null: the server names the field it rejects.
    const parameters: Record<string, number> = {};
    for (const [name, text] of Object.entries(values)) parameters[name] = text.trim() === '' ? Number.NaN : Number(text);
    save.mutate({ enabled, parameters });
  };
  const errorsOf = (name: string) => (save.error instanceof ApiError ? save.error.fieldErrors(`parameters.${name}`) : []);

  return (
    <li className="py-4">
      <form onSubmit={submit} aria-label={`Rule ${rule.kind}`} className="space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="font-mono text-sm font-semibold">{rule.kind}</h3>
          <Badge tone={severityTone(rule.severity)}>{rule.severity}</Badge>
        </div>
        <p className="text-sm text-slate-600 dark:text-slate-300">{rule.description}</p>
        <Checkbox label="Enabled" checked={enabled} onChange={setEnabled} />
        {rule.parameter_specs.length > 0 && (
          <div className="grid gap-3 sm:grid-cols-2">
            {rule.parameter_specs.map((spec) => (
              <TextField
                key={spec.name}
                label={spec.name}
                inputMode={spec.integer ? 'numeric' : 'decimal'}
                hint={`${spec.description} (${spec.min}–${spec.max}, default ${spec.default})`}
                value={values[spec.name] ?? ''}
                errors={errorsOf(spec.name)}
                onChange={(e) => {
                  const value = e.target.value;
                  setValues((v) => ({ ...v, [spec.name]: value }));
                }}
              />
            ))}
          </div>
        )}
        {save.isError && <ErrorAlert error={save.error} shownFields={rule.parameter_specs.map((s) => `parameters.${s.name}`)} />}
        <div className="flex items-center gap-3">
          <Button type="submit" variant="secondary" busy={save.isPending}>
            Save rule
          </Button>
          {saved && !save.isPending && (
            <span role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
              Saved
            </span>
          )}
        </div>
      </form>
    </li>
  );
}

export function AlertRules() {
  const rules = useQuery({ queryKey: alertRulesQueryKey, queryFn: ({ signal }) => listAlertRules(signal) });
  return (
    <Card title="Alert rules">
      {rules.isPending ? (
        <LoadingState label="Loading alert rules…" />
      ) : rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyState title="No alert rules" />
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {rules.data.map((rule) => (
            <RuleForm key={rule.id} rule={rule} />
          ))}
        </ul>
      )}
    </Card>
  );
}
