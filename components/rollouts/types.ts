// The operator API's rollout answers as the rollout components read them.
export interface RolloutStepView {
  percent: number;
  pause: { manual: true } | { seconds: number };
}

export interface RolloutSummaryView {
  id: string;
  name: string;
  state: 'draft' | 'running' | 'paused' | 'balancing' | 'completed' | 'aborted';
  step: number;
  percent: number;
  steps: RolloutStepView[];
  candidate: { kind: string; params?: Record<string, unknown> };
  baseline: { kind: string } | null;
  key: 'app' | 'worker';
  /** what its moves balance */
  measure: 'apps' | 'workers' | 'running' | 'capacity' | 'mix' | 'triggers';
  reason: string | null;
  pauseEndsAt: string | null;
  allowedActions: string[];
  createdAt: string;
  startedAt: string | null;
  updatedAt: string;
}

export interface RolloutSpecView {
  selector?: {
    apps?: { include?: string[]; exclude?: string[] };
    tags?: { include?: string[]; exclude?: string[] };
    addresses?: { include?: string[]; exclude?: string[] };
    versions?: { min?: string; below?: string };
  };
  guardrails: ({ kind: 'alert'; ruleId: string; action: 'pause' | 'abort' } | { kind: 'fairness'; metric: 'maxMean' | 'cv' | 'gini' | 'jain'; threshold: number; action: 'pause' | 'abort' } | { kind: 'jobs'; action: 'pause' | 'abort' })[];
  moves: { enabled: boolean; perMinute: number; epsilon: number; verifySeconds: number; keepBalanced: boolean; allowBusy: boolean };
  /** the contact points told of its events (by id), and which events */
  notify?: { contactPoints: number[]; events: string[] };
}

export interface RolloutDetailView extends RolloutSummaryView {
  spec?: RolloutSpecView;
  members: { apps: number; workers: number; list: { appId: number; app: string; server: string | null; workers: number; bucket: number }[] };
  moves: { id: number; appId: number; appName: string | null; fromServer: string | null; toServer: string; purpose: string; status: string; phase: string; requestedAt: string; verifiedAt: string | null; detail: string | null; code?: string | null; params?: unknown; workersSeen: number | null; workersTotal: number | null }[];
  events: { id: number; at: string; actor: string; action: string; fromState: string; toState: string; step: number; percent: number; detail: string; code?: string | null; params?: unknown }[];
  samples: { at: string; step: number; percent: number; cohortApps: number; cohortMaxMean: number | null; controlMaxMean: number | null; clusterMaxMean: number | null; clusterJain: number | null }[];
}
