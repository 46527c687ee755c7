package dev.fulcrum.powerjob;

import tech.powerjob.worker.core.processor.ProcessResult;
import tech.powerjob.worker.core.processor.TaskContext;
import tech.powerjob.worker.core.processor.sdk.BasicProcessor;

/** The test cluster's one job: sleeps the milliseconds in its job parameters (at most 5 s), then succeeds. */
public final class SleepProcessor implements BasicProcessor {
    @Override
    public ProcessResult process(TaskContext context) throws Exception {
        long ms = 100;
        String params = context.getJobParams();
        if (params != null && !params.trim().isEmpty()) ms = Math.min(5000, Math.max(0, Long.parseLong(params.trim())));
        Thread.sleep(ms);
        return new ProcessResult(true, "slept " + ms + " ms");
    }
}
