// Settings → Load measures: what "load" means for the weighted mix.
import { MixWeightsEditor } from '@/components/settings/mix-weights-editor';
import { SettingsTabs } from '@/components/settings/settings-tabs';

export default function MeasuresPage() {
  return (
    <>
      <SettingsTabs current="/settings/measures" />
      <h1>Load measures</h1>
      <p className="lede">
        Every chart and figure says which measure it uses: apps owned, workers connected, running instances, worker
        capacity (the sum of the PowerJob <code>score</code> of a server&apos;s live workers), or the weighted mix
        below: each server&apos;s share of each quantity, weighted, scaled to 100.
      </p>
      <MixWeightsEditor />
    </>
  );
}
