package graphfraud.neo4j;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.logging.log4j.Log4jLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Runs Neo4j 5.26 community in this JVM with one Bolt listener on 127.0.0.1:PORT and auth on.
 *
 * <p>Usage: {@code NEO4J_PASSWORD=... java -cp ... graphfraud.neo4j.Launcher PORT HOME_DIR}
 *
 * <p>Prints exactly one line, {@code READY bolt://127.0.0.1:PORT}, to stdout; everything else goes
 * to stderr. Stops on SIGTERM/SIGINT and when stdin reaches end-of-file (the parent went away), so
 * start it with stdin on a pipe or a terminal, not /dev/null.
 *
 * <p>Bulk import ({@code graphfraud neo4j push --bulk}): while it runs, the launcher writes
 * {@code HOME/graphfraud-launcher.properties} (port, pid) and watches for {@code HOME/bulk-import/request},
 * a file of lines {@code jvm=OPTION} and {@code arg=ARGUMENT}. On a request it stops Neo4j, runs
 * {@code neo4j-admin database import full ARGUMENTS} (the import tool of the same jars, in its own
 * JVM, log in {@code bulk-import/import.log}) against this home, starts Neo4j again on the same port
 * and writes {@code bulk-import/result} ({@code exit=}, {@code stop_ms=}, {@code import_ms=}, {@code start_ms=}).
 * Only the owner of HOME can write the request, as only the owner can write the store itself.
 */
public final class Launcher {
    private static final String MARKER = "graphfraud-launcher.properties";

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Launcher PORT HOME_DIR   (password in env NEO4J_PASSWORD)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path home = Path.of(args[1]).toAbsolutePath();
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("NEO4J_PASSWORD must be set to at least 8 characters");
            System.exit(2);
        }
        PrintStream ready = System.out;
        System.setOut(System.err); // keep stdout for the READY line only
        AtomicReference<DatabaseManagementService> running = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(home.resolve(MARKER));
            } catch (IOException ignored) { /* best effort */ }
            DatabaseManagementService dbms = running.getAndSet(null);
            if (dbms != null) {
                System.err.println("graphfraud launcher: shutting down Neo4j");
                dbms.shutdown();
            }
        }, "neo4j-shutdown"));
        // Die with the parent: EOF (or an error) on stdin means whoever started us is gone.
        Thread stdinWatch = new Thread(() -> {
            try {
                while (System.in.read() != -1) { /* ignore input */ }
            } catch (Exception ignored) { /* same as EOF */ }
            System.err.println("graphfraud launcher: stdin closed");
            System.exit(0);
        }, "stdin-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();

        // Fresh store: seed the initial password (as `neo4j-admin dbms set-initial-password` does), so
        // the Bolt port never accepts the default neo4j/neo4j, not even during start-up.
        if (!Files.exists(home.resolve("data/databases/system"))) {
            Path authIni = home.resolve("data/dbms/auth.ini");
            Files.createDirectories(authIni.getParent());
            Files.deleteIfExists(authIni);
            var fs = new DefaultFileSystemAbstraction();
            var repo = new FileUserRepository(fs, authIni, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            repo.start();
            var credential = SystemGraphCredential.createCredentialForPassword(
                    password.getBytes(StandardCharsets.UTF_8), new SecureHasher());
            repo.create(new User("neo4j", null, credential, false, false));
            repo.shutdown();
        }

        DatabaseManagementService dbms = startDbms(home, port);
        running.set(dbms);

        try {
            // Existing store (or a changed password): make the given password the current one.
            try {
                dbms.database("system").executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            } catch (RuntimeException e) {
                if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                    throw e;
                }
            }
            dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }

        Path bulk = home.resolve("bulk-import");
        Files.createDirectories(bulk);
        Files.deleteIfExists(bulk.resolve("request"));
        Files.writeString(home.resolve(MARKER), "port=" + port + "\npid=" + ProcessHandle.current().pid() + "\n");
        ready.println("READY bolt://127.0.0.1:" + port);
        ready.flush();
        watchBulkImports(home, port, running); // runs until System.exit / signal
    }

    private static DatabaseManagementService startDbms(Path home, int port) {
        return new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.err))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(
                        Long.getLong("graphfraud.neo4j.pagecacheMb", 512)))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false) // no usage reports
                // Stop in ~1s instead of ~10s (Bolt's graceful-shutdown waits); fine for a dev server.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .build();
    }

    /** Poll for bulk-import requests until the JVM exits. */
    private static void watchBulkImports(Path home, int port, AtomicReference<DatabaseManagementService> running)
            throws InterruptedException {
        Path bulk = home.resolve("bulk-import");
        Path request = bulk.resolve("request");
        while (true) {
            Thread.sleep(200);
            if (!Files.exists(request)) {
                continue;
            }
            Path taken = bulk.resolve("running");
            try {
                Files.move(request, taken, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                List<String> jvm = new ArrayList<>();
                List<String> importArgs = new ArrayList<>();
                for (String line : Files.readAllLines(taken, StandardCharsets.UTF_8)) {
                    if (line.startsWith("jvm=")) {
                        jvm.add(line.substring(4));
                    } else if (line.startsWith("arg=")) {
                        importArgs.add(line.substring(4));
                    }
                }
                String result = bulkImport(home, port, running, jvm, importArgs);
                Path tmp = bulk.resolve("result.tmp");
                Files.writeString(tmp, result);
                Files.move(tmp, bulk.resolve("result"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(taken);
            } catch (IOException e) {
                System.err.println("graphfraud launcher: bulk import request failed: " + e);
            }
            if (running.get() == null) {
                System.err.println("graphfraud launcher: Neo4j did not start again after the import; exiting");
                System.exit(1);
            }
        }
    }

    private static String bulkImport(Path home, int port, AtomicReference<DatabaseManagementService> running,
                                     List<String> jvm, List<String> importArgs) throws IOException {
        StringBuilder out = new StringBuilder();
        long t0 = System.nanoTime();
        System.err.println("graphfraud launcher: stopping Neo4j for a bulk import");
        DatabaseManagementService old = running.getAndSet(null);
        if (old != null) {
            old.shutdown();
        }
        long t1 = System.nanoTime();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.neo4j.cli.AdminTool");
        command.add("database");
        command.add("import");
        command.add("full");
        command.addAll(importArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(home.resolve("bulk-import/import.log").toFile()));
        builder.environment().put("NEO4J_HOME", home.toString());
        builder.environment().remove("NEO4J_CONF");
        builder.environment().remove("NEO4J_PASSWORD");
        int exit;
        try {
            Process process = builder.start();
            out.append("import_pid=").append(process.pid()).append('\n');
            exit = process.waitFor();
        } catch (IOException | InterruptedException e) {
            out.append("import_error=").append(String.valueOf(e).replace('\n', ' ')).append('\n');
            exit = -1;
        }
        long t2 = System.nanoTime();
        System.err.println("graphfraud launcher: import exited with " + exit + "; starting Neo4j again");
        try {
            DatabaseManagementService dbms = startDbms(home, port);
            running.set(dbms);
            dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        } catch (RuntimeException e) {
            out.append("start_error=").append(String.valueOf(e.getMessage()).replace('\n', ' ')).append('\n');
        }
        long t3 = System.nanoTime();
        out.append("exit=").append(exit).append('\n')
                .append("stop_ms=").append((t1 - t0) / 1_000_000).append('\n')
                .append("import_ms=").append((t2 - t1) / 1_000_000).append('\n')
                .append("start_ms=").append((t3 - t2) / 1_000_000).append('\n');
        return out.toString();
    }
}
