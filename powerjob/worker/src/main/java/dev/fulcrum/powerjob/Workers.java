package dev.fulcrum.powerjob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import tech.powerjob.common.enums.Protocol;
import tech.powerjob.worker.PowerJobWorker;
import tech.powerjob.worker.common.PowerJobWorkerConfig;
import tech.powerjob.worker.common.constants.StoreStrategy;

/**
 * The smallest PowerJob worker host: starts one {@link PowerJobWorker} per {@code app:port} pair
 * given, in one JVM, all with the same server list in the given order, and runs until killed.
 * Several workers share a JVM to keep a 40-worker test cluster within memory (docs/powerjob.md).
 *
 * Arguments: {@code --servers h:p,h:p --workers app:port,app:port [--protocol HTTP|AKKA] [--tag t]
 * [--rotate-per-app true]}; the last gives each app the list rotated by its name's hash, the
 * maintainers' advice against the first-server pile-up (PowerJob issue #181).
 * The bind address is the JVM property {@code powerjob.network.local.address}.
 */
public final class Workers {
    private Workers() {}

    public static void main(String[] args) throws Exception {
        List<String> servers = null;
        List<String> workers = null;
        Protocol protocol = Protocol.HTTP;
        String tag = null;
        boolean rotate = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--servers": servers = Arrays.asList(args[i + 1].split(",")); break;
                case "--workers": workers = Arrays.asList(args[i + 1].split(",")); break;
                case "--protocol": protocol = Protocol.valueOf(args[i + 1]); break;
                case "--tag": tag = args[i + 1]; break;
                case "--rotate-per-app": rotate = Boolean.parseBoolean(args[i + 1]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (servers == null || workers == null) {
            throw new IllegalArgumentException("usage: --servers h:p,... --workers app:port,... [--protocol HTTP|AKKA] [--tag t] [--rotate-per-app true]");
        }
        List<PowerJobWorker> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (PowerJobWorker w : started) {
                try { w.destroy(); } catch (Exception ignored) { /* exiting anyway */ }
            }
        }));
        for (String spec : workers) {
            int colon = spec.lastIndexOf(':');
            PowerJobWorkerConfig config = new PowerJobWorkerConfig();
            String app = spec.substring(0, colon);
            config.setAppName(app);
            config.setPort(Integer.parseInt(spec.substring(colon + 1)));
            // a copy: 5.1 shuffles the list it is given in place (PowerJob issue #1012)
            List<String> list = new ArrayList<>(servers);
            if (rotate) Collections.rotate(list, -Math.floorMod(app.hashCode(), list.size()));
            config.setServerAddress(list);
            config.setProtocol(protocol);
            config.setStoreStrategy(StoreStrategy.MEMORY);
            if (tag != null) config.setTag(tag);
            PowerJobWorker worker = new PowerJobWorker(config);
            worker.init();
            started.add(worker);
            // one line per worker on stdout: the harness waits for all of them
            System.out.println("FULCRUM-WORKER-STARTED " + spec);
        }
        Thread.currentThread().join();
    }
}
