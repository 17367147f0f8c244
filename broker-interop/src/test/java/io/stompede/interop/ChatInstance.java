package io.stompede.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * One instance of a minimal Spring chat application (plain Spring, no Boot): its own application
 * context, its own embedded Tomcat on an ephemeral port of 127.0.0.1, and its own
 * {@link StompBrokerRelayMessageHandler} relaying to Stompede. Several run in one JVM the way
 * several servers run behind a load balancer.
 */
final class ChatInstance implements AutoCloseable {
    /** What differs between instances: a name, and where the broker is. */
    record Settings(String name, int relayPort) {
    }

    /**
     * Tomcat logs through java.util.logging: its start-up lines and its warnings about Reactor's
     * shared threads outliving the web application are noise here. Held in a field because
     * java.util.logging keeps loggers only weakly.
     */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    static {
        TOMCAT_LOG.setLevel(Level.SEVERE);
    }

    private final Tomcat tomcat;
    private final GenericWebApplicationContext context;
    private final Path baseDir;

    private ChatInstance(Tomcat tomcat, GenericWebApplicationContext context, Path baseDir) {
        this.tomcat = tomcat;
        this.context = context;
        this.baseDir = baseDir;
    }

    static ChatInstance start(Settings settings) throws IOException, LifecycleException {
        GenericWebApplicationContext context = new GenericWebApplicationContext();
        context.registerBean(Settings.class, () -> settings);
        new AnnotatedBeanDefinitionReader(context).register(ChatConfig.class, ChatController.class);

        Path baseDir = Files.createTempDirectory("chat-" + settings.name());
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context web = tomcat.addContext("", null);
        // Tomcat's JSR-356 server, which Spring's WebSocket endpoint upgrades through.
        web.addServletContainerInitializer(new WsSci(), null);
        // The DispatcherServlet gives the context its ServletContext and refreshes it on start-up.
        Wrapper dispatcher = Tomcat.addServlet(web, "dispatcher", new DispatcherServlet(context));
        dispatcher.setLoadOnStartup(1);
        dispatcher.setAsyncSupported(true);
        web.addServletMappingDecoded("/", "dispatcher");
        tomcat.start();
        return new ChatInstance(tomcat, context, baseDir);
    }

    String webSocketUrl() {
        return "ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/chat";
    }

    StompBrokerRelayMessageHandler relay() {
        return context.getBean(StompBrokerRelayMessageHandler.class);
    }

    @Override
    public void close() throws LifecycleException {
        context.close();
        tomcat.stop();
        tomcat.destroy();
        try (var files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
