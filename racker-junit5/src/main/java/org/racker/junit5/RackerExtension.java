package org.racker.junit5;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.racker.RackerException;
import org.racker.api.Container;
import org.racker.api.ContainerConfig;
import org.racker.api.Image;
import org.racker.api.Racker;
import org.racker.api.WaitStrategy;
import org.racker.api.WaitTimeoutException;

/**
 * Starts the containers of {@link OsContainer} fields and parameters and removes them when
 * their scope ends: the class for static fields, the test for instance fields and method
 * parameters. Registered by {@link RackerTest}.
 *
 * <p>Each container is kept in the store of the JUnit context it belongs to, so JUnit closes
 * it when that context ends, also when a {@code @BeforeAll} method or a start failed. Classes
 * run in parallel each get their own. If the test JVM is killed outright, its containers get
 * the kernel's parent-death signal and power off within moments.
 *
 * <p>When a test or one of its lifecycle methods fails, the last lines of each of its
 * containers' logs are published as report entries and printed to standard error.
 */
public final class RackerExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback,
        ParameterResolver, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    /** The configuration parameter (or system property) naming the state root. */
    public static final String ROOT_PARAMETER = "racker.root";
    /**
     * The configuration parameter (or system property) that, set to false, stops the
     * extension from booting the next test's container while a test runs ({@link Spares}).
     */
    public static final String BOOT_AHEAD_PARAMETER = "racker.bootAhead";
    static final String DEFAULT_ROOT = "/var/lib/racker";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RackerExtension.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private static final int LOG_TAIL_LINES = 40;

    private final HostCondition host;

    public RackerExtension() {
        this(HostCondition.ofThisHost());
    }

    RackerExtension(HostCondition host) {
        this.host = host;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        // the host does not change during a run: probe it once
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(HostCondition.class, k -> host.evaluate(),
                ConditionEvaluationResult.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        for (Field field : annotatedFields(context.getRequiredTestClass(), true)) {
            field.set(null, start(context, field.getAnnotation(OsContainer.class), "field " + field.getName()));
        }
        if (context.getTestInstanceLifecycle().orElse(null) == TestInstance.Lifecycle.PER_CLASS) {
            for (Object instance : context.getTestInstance().stream().toList()) {
                injectInstanceFields(context, instance);
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        // a nested test's enclosing instances are the test's too: each gets its fields
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectInstanceFields(context, instance);
        }
    }

    /** Fields already set were set for the class (a per-class instance) and stay. */
    private void injectInstanceFields(ExtensionContext context, Object instance) throws Exception {
        for (Field field : annotatedFields(instance.getClass(), false)) {
            if (field.get(instance) == null) {
                field.set(instance, start(context, field.getAnnotation(OsContainer.class), "field " + field.getName()));
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.isAnnotated(OsContainer.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() != Container.class) {
            throw new ParameterResolutionException("@OsContainer parameter " + parameter.getParameter().getName()
                    + " must be of type " + Container.class.getName());
        }
        try {
            return start(context, parameter.findAnnotation(OsContainer.class).orElseThrow(),
                    "parameter " + parameter.getParameter().getName());
        } catch (RackerException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private Container start(ExtensionContext context, OsContainer spec, String label) throws RackerException {
        ContainerConfig config = config(context, spec, label);
        Racker racker = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Racker.class,
                k -> Racker.builder().root(Path.of(context.getConfigurationParameter(ROOT_PARAMETER).orElse(DEFAULT_ROOT)))
                        .notices(System.err::println).build(), Racker.class);
        Container container = null;
        Spares spares = spares(context, spec);
        if (spares != null) {
            try {
                container = spares.take(spec, () -> racker.start(config));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RackerException("interrupted while waiting for a container booted ahead for " + label, e);
            }
        }
        try {
            if (container == null) {
                container = racker.start(config);
            }
        } catch (WaitTimeoutException e) {
            // the container is gone: its log's tail, read before, is all a user gets to see why
            publish(context, label, config.image().toString(), e.logTail());
            throw e;
        }
        started(context).add(label, container);
        return container;
    }

    /**
     * Where a test method's fresh containers may come from ready-booted: the spares of its
     * class. None for containers of a class's scope (static fields, a per-class instance,
     * parameters of class-level methods), for VMs (each holds its memory), or when the
     * configuration parameter turns it off.
     */
    private static Spares spares(ExtensionContext context, OsContainer spec) {
        if (context.getTestMethod().isEmpty() || spec.vm()
                || !context.getConfigurationParameter(BOOT_AHEAD_PARAMETER, Boolean::parseBoolean).orElse(true)) {
            return null;
        }
        ExtensionContext testClass = context.getParent().orElseThrow();
        return testClass.getStore(NAMESPACE).getOrComputeIfAbsent(Spares.class, k -> new Spares(), Spares.class);
    }

    static ContainerConfig config(ExtensionContext context, OsContainer spec, String label) {
        if (spec.bootTimeoutSeconds() < 0 || spec.waitTimeoutSeconds() <= 0) {
            throw new ExtensionConfigurationException("@OsContainer " + label + ": timeouts must be positive");
        }
        if (spec.vm() && spec.waitForPorts().length > 0) {
            throw new ExtensionConfigurationException("@OsContainer " + label + ": waitForPorts reads a container's"
                    + " sockets from the host, which a VM's are not: wait for the port's unit with waitForUnits");
        }
        Duration timeout = Duration.ofSeconds(spec.waitTimeoutSeconds());
        ContainerConfig.Builder b = ContainerConfig.builder(Image.parse(image(context, spec.image(), label)))
                .mode(spec.mode()).command(spec.command()).bootProfile(spec.bootProfile()).vm(spec.vm())
                .bootTimeout(spec.bootTimeoutSeconds() == 0 ? null : Duration.ofSeconds(spec.bootTimeoutSeconds()));
        // an annotation cannot leave its network unset: its default gives way to published ports
        if (spec.ports().length == 0 || spec.network() != ContainerConfig.Network.HOST) {
            b.network(spec.network());
        }
        for (String port : spec.ports()) {
            try {
                b.publish(port);
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException("@OsContainer " + label + ": " + e.getMessage());
            }
        }
        for (String assignment : spec.env()) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("@OsContainer " + label + ": env \"" + assignment
                        + "\" is not NAME=value");
            }
            b.env(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        for (String unit : spec.waitForUnits()) {
            b.waitingFor(WaitStrategy.unitActive(unit).withTimeout(timeout));
        }
        for (int port : spec.waitForPorts()) {
            b.waitingFor(WaitStrategy.portListening(port).withTimeout(timeout));
        }
        if (!spec.waitForLog().isEmpty()) {
            b.waitingFor(WaitStrategy.logLine(spec.waitForLog()).withTimeout(timeout));
        }
        return b.build();
    }

    private static String image(ExtensionContext context, String image, String label) {
        Matcher m = PLACEHOLDER.matcher(image);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = context.getConfigurationParameter(name).orElseThrow(() -> new ExtensionConfigurationException(
                    "@OsContainer " + label + ": its image names ${" + name + "}, which is neither a configuration"
                            + " parameter nor a system property"));
            m.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        m.appendTail(resolved);
        if (resolved.length() == 0) {
            throw new ExtensionConfigurationException("@OsContainer " + label + ": no image given");
        }
        return resolved.toString();
    }

    /** The {@link OsContainer} fields of {@code type} and its superclasses, static or not. */
    private static List<Field> annotatedFields(Class<?> type, boolean statics) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(OsContainer.class) && Modifier.isStatic(f.getModifiers()) == statics) {
                    if (f.getType() != Container.class) {
                        throw new ExtensionConfigurationException("@OsContainer field " + c.getName() + "."
                                + f.getName() + " must be of type " + Container.class.getName());
                    }
                    if (Modifier.isFinal(f.getModifiers())) {
                        throw new ExtensionConfigurationException("@OsContainer field " + c.getName() + "."
                                + f.getName() + " must not be final: racker sets it");
                    }
                    f.setAccessible(true);
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    /** The containers started for this context; its store closes them when it ends. */
    private static Started started(ExtensionContext context) {
        // a key of the context's own: a store also answers with its parents' values
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(key(context), k -> new Started(), Started.class);
    }

    private static String key(ExtensionContext context) {
        return "containers of " + context.getUniqueId();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        publishLogs(context);
        throw throwable;
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        publishLogs(context);
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        publishLogs(context);
        throw throwable;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        publishLogs(context);
        throw throwable;
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        publishLogs(context);
        throw throwable;
    }

    /** The log tail of every container the failing test could see, its enclosing classes' included. */
    private static void publishLogs(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Started started = c.getStore(NAMESPACE).get(key(c), Started.class);
            if (started == null) {
                continue;
            }
            for (Started.Entry entry : started.entries()) {
                String tail;
                try {
                    tail = tail(entry.container().logs());
                } catch (RackerException e) {
                    tail = "(cannot read its log: " + e.getMessage() + ")";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                publish(context, entry.label(), entry.container().name(), tail);
            }
        }
    }

    private static void publish(ExtensionContext context, String label, String container, String tail) {
        if (tail.isBlank()) {
            return;
        }
        context.publishReportEntry("racker " + label + " log", tail);
        System.err.println("--- racker: last lines of the log of " + container + " (" + label + ")\n" + tail);
    }

    static String tail(String log) {
        String[] lines = log.strip().split("\n");
        int from = Math.max(0, lines.length - LOG_TAIL_LINES);
        return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
    }

    /** Containers of one context, removed in the reverse order of their start. */
    @SuppressWarnings("deprecation") // CloseableResource: what JUnit before 5.13 closes; later ones close AutoCloseable
    static final class Started implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        record Entry(String label, Container container) { }

        private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());

        void add(String label, Container container) {
            entries.add(new Entry(label, container));
        }

        List<Entry> entries() {
            synchronized (entries) {
                return List.copyOf(entries);
            }
        }

        @Override
        public void close() {
            List<Entry> all = entries();
            for (int i = all.size() - 1; i >= 0; i--) {
                all.get(i).container().close(); // closing twice does nothing
            }
        }
    }
}
