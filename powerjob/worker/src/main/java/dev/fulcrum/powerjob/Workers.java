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
        // no shutdown hook: a worker's destroy() can block for minutes and keep its port, and a
        // killed worker in production does not say goodbye either
        for (String spec : workers) {
            int colon = spec.lastIndexOf(':');
            String app = spec.substring(0, colon);
            int port = Integer.parseInt(spec.substring(colon + 1));
            // a copy: 5.1 shuffles the list it is given in place (PowerJob issue #1012)
            List<String> list = new ArrayList<>(servers);
            if (rotate) Collections.rotate(list, -Math.floorMod(app.hashCode(), list.size()));
            // a port taken meanwhile (seen on a busy test machine) moves the worker up by 1000, up
            // to four times; the harness reads the port it got from the line printed below
            for (int attempt = 0; ; attempt++) {
                PowerJobWorkerConfig config = new PowerJobWorkerConfig();
                config.setAppName(app);
                config.setPort(port + 1000 * attempt);
                config.setServerAddress(list);
                config.setProtocol(protocol);
                config.setStoreStrategy(StoreStrategy.MEMORY);
                if (tag != null) config.setTag(tag);
                try {
                    new PowerJobWorker(config).init();
                    // one line per worker on stdout: the harness waits for all of them
                    System.out.println("FULCRUM-WORKER-STARTED " + app + ":" + config.getPort());
                    break;
                } catch (Exception e) {
                    if (attempt < 4 && String.valueOf(e).contains("BindException")) continue;
                    // one worker that cannot start fails the whole host, at once and with the reason
                    System.out.println("FULCRUM-WORKER-FAILED " + spec + ": " + e);
                    System.exit(3);
                }
            }
        }
        Thread.currentThread().join();
    }
}
