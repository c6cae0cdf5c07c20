package graphfraud.neo4j;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 */
public final class Launcher {
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
            DatabaseManagementService dbms = running.get();
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

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
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

        ready.println("READY bolt://127.0.0.1:" + port);
        ready.flush();
        Thread.currentThread().join(); // run until System.exit / signal
    }
}
