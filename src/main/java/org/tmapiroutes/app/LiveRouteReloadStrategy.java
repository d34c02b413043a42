package org.tmapiroutes.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's route watcher, made safe for files people edit while the program runs: a save that does not load (invalid
 * YAML, an unknown endpoint, a route that fails to start) is logged with file, line and reason while the previous
 * version of that file keeps running; a deleted file's routes are removed.
 */
public class LiveRouteReloadStrategy extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRouteReloadStrategy.class);
    private static final Pattern LINE = Pattern.compile("line (\\d+)");
    /** The step in Camel's "at: >>> To[outbx:csv-sink] <<<", to find its line in the file. */
    private static final Pattern FAILED_STEP = Pattern.compile(">>> \\w+\\[([^\\]]+)] <<<");
    private static final Pattern CONFIGURATION_ID = Pattern.compile("routeConfiguration:\\s*\\n\\s*id:\\s*\"?([\\w-]+)");
    private static final Pattern USES_CONFIGURATION = Pattern.compile("routeConfigurationId:\\s*(\\S+)");
    private static final Pattern LOCATION_LINE = Pattern.compile(":(\\d+)\\)?$");

    /** The last content of each route file that loaded, by absolute path. */
    private final Map<Path, String> lastGood = new ConcurrentHashMap<>();
    private final Path folder;

    public LiveRouteReloadStrategy(Path folder) {
        super(folder.toString(), false);
        this.folder = folder;
        setPattern("*.yaml");
        setRemoveAllRoutes(false);
    }

    @Override
    protected void doStart() throws Exception {
        try (var files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).toList()) {
                lastGood.put(file.toAbsolutePath().normalize(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            LOG.warn("Cannot read route folder {}: {}", folder, e.getMessage());
        }
        super.doStart();
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        if (resources == null) {
            super.onRouteReload(null, removeEverything);
            return;
        }
        for (Resource resource : resources) {
            reload(resource);
        }
    }

    private void reload(Resource resource) {
        Path file = Path.of(resource.getURI().getSchemeSpecificPart()).toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            removeRoutesOf(file);
            return;
        }
        String content;
        try (InputStream in = resource.getInputStream()) {
            content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.error("Route file {} cannot be read: {}", file, e.getMessage());
            return;
        }
        if (content.equals(lastGood.get(file)) && routesOf(file).size() > 0) {
            return;
        }
        List<String> unknownFields = ItemFields.unknown(content);
        if (!unknownFields.isEmpty()) {
            LOG.error("Route file {} not loaded, {}. Product fields are: {}. The previous version keeps running; fix "
                    + "the file and save it again.", folder.resolve(file.getFileName()), String.join("; ", unknownFields),
                    ItemFields.names());
            return;
        }
        try {
            super.onRouteReload(List.of(resource), false);
            lastGood.put(file, content);
            LOG.info("Route file {} reloaded", folder.resolve(file.getFileName()));
            reloadUsersOf(routeConfigurationIds(content), file);
        } catch (RuntimeException e) {
            Throwable root = rootCause(e);
            String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            String line = lineOf(e, content);
            LOG.error("Route file {} not loaded, line {}: {}.{} The previous version keeps running; fix the file and "
                    + "save it again.", folder.resolve(file.getFileName()), line, reason.replaceAll("\\s+", " "),
                    isExpressionError(e) || holdsExpression(content, line)
                            ? " Product fields are: " + ItemFields.names() + "." : "");
            restore(file, resource.getLocation());
        }
    }

    /**
     * Camel merges a route configuration into a route when the route is loaded, so the routes that use a changed
     * configuration are loaded again from their (unchanged) files to pick it up.
     */
    private void reloadUsersOf(List<String> configurationIds, Path changed) {
        if (configurationIds.isEmpty()) {
            return;
        }
        for (Map.Entry<Path, String> entry : lastGood.entrySet()) {
            if (entry.getKey().equals(changed) || !usesAny(entry.getValue(), configurationIds)) {
                continue;
            }
            try {
                super.onRouteReload(List.of(ResourceHelper.fromString("file:" + entry.getKey(), entry.getValue())), false);
                LOG.info("Route file {} reloaded to apply the changed {}", folder.resolve(entry.getKey().getFileName()),
                        String.join(", ", configurationIds));
            } catch (RuntimeException e) {
                LOG.error("Route file {} could not take the changed {}: {}", entry.getKey(), configurationIds,
                        rootCause(e).getMessage());
            }
        }
    }

    private static List<String> routeConfigurationIds(String content) {
        List<String> ids = new ArrayList<>();
        Matcher m = CONFIGURATION_ID.matcher(content);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static boolean usesAny(String content, List<String> configurationIds) {
        Matcher m = USES_CONFIGURATION.matcher(content);
        while (m.find()) {
            for (String used : m.group(1).replace("\"", "").split(",")) {
                if (configurationIds.contains(used.strip())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Loads every route file again, route configurations first, so that changed keys take effect. */
    void reloadAll(String why) {
        List<Map.Entry<Path, String>> files = new ArrayList<>(lastGood.entrySet());
        files.sort(Comparator.comparing(entry -> routeConfigurationIds(entry.getValue()).isEmpty()));
        int reloaded = 0;
        for (Map.Entry<Path, String> entry : files) {
            try {
                super.onRouteReload(List.of(ResourceHelper.fromString("file:" + entry.getKey(), entry.getValue())), false);
                reloaded++;
            } catch (RuntimeException e) {
                LOG.error("Route file {} could not be reloaded after {}: {}", entry.getKey(), why, rootCause(e).getMessage());
            }
        }
        LOG.info("{}: {} route files reloaded", why, reloaded);
    }

    /**
     * Camel's watcher of the configuration file: a saved change to {@code config/application.properties} is read
     * (Camel's own properties reload) and every route file is loaded again so its {@code {{keys}}} take the new values.
     */
    static final class ConfigurationWatcher extends RouteWatcherReloadStrategy {

        private final LiveRouteReloadStrategy routes;
        private final Path configFile;

        ConfigurationWatcher(Path configFile, LiveRouteReloadStrategy routes) {
            super(configFile.toAbsolutePath().getParent().toString(), false);
            this.configFile = configFile;
            this.routes = routes;
            setPattern(configFile.getFileName().toString());
            setRemoveAllRoutes(false);
        }

        @Override
        protected String startupMessage(java.io.File dir) {
            return "Live configuration reloading enabled (file: " + configFile + ")";
        }

        @Override
        protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
            routes.reloadAll("Configuration " + configFile + " changed");
        }
    }

    private void restore(Path file, String location) {
        String previous = lastGood.get(file);
        if (previous == null) {
            removeRoutesOf(file);
            return;
        }
        try {
            super.onRouteReload(List.of(ResourceHelper.fromString(location, previous)), false);
        } catch (RuntimeException e) {
            LOG.error("The previous version of {} could not be restored either: {}", file, rootCause(e).getMessage());
        }
    }

    private void removeRoutesOf(Path file) {
        for (Route route : routesOf(file)) {
            try {
                getCamelContext().getRouteController().stopRoute(route.getRouteId());
                getCamelContext().removeRoute(route.getRouteId());
                LOG.info("Route {} removed: its file {} was deleted", route.getRouteId(), folder.resolve(file.getFileName()));
            } catch (Exception e) {
                LOG.error("Route {} could not be removed: {}", route.getRouteId(), e.getMessage());
            }
        }
        lastGood.remove(file);
    }

    private List<Route> routesOf(Path file) {
        List<Route> routes = new ArrayList<>();
        for (Route route : getCamelContext().getRoutes()) {
            Resource source = route.getSourceResource();
            if (source != null && source.getURI() != null && "file".equals(source.getScheme())
                    && Path.of(source.getURI().getSchemeSpecificPart()).toAbsolutePath().normalize().equals(file)) {
                routes.add(route);
            }
        }
        return routes;
    }

    /**
     * The line of the file the error is about: the line a YAML error names, else the line of the step Camel could not
     * create (found by its text), else the line of the route, else "?".
     */
    private static String lineOf(Throwable e, String content) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher m = LINE.matcher(t.getMessage());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        String[] lines = content.split("\n", -1);
        for (Throwable t = e; t != null; t = t.getCause()) {
            // an expression error quotes the expression on a line of its own: find it in the file
            String[] quoted = String.valueOf(t.getMessage()).split("\n");
            for (int q = 1; q < quoted.length; q++) {
                String text = quoted[q].strip();
                for (int i = 0; text.length() > 8 && i < lines.length; i++) {
                    if (lines[i].contains(text)) {
                        return String.valueOf(i + 1);
                    }
                }
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FailedToCreateRouteException failed) {
                Matcher step = FAILED_STEP.matcher(failed.getMessage());
                if (step.find()) {
                    for (int i = 0; i < lines.length; i++) {
                        if (lines[i].contains(step.group(1))) {
                            return String.valueOf(i + 1);
                        }
                    }
                }
                Matcher route = LOCATION_LINE.matcher(String.valueOf(failed.getLocation()));
                if (route.find()) {
                    return route.group(1);
                }
            }
        }
        return "?";
    }

    private static boolean holdsExpression(String content, String line) {
        if (!line.matches("\\d+")) {
            return false;
        }
        String[] lines = content.split("\n", -1);
        int index = Integer.parseInt(line) - 1;
        return index < lines.length && lines[index].contains("${");
    }

    /** Whether a Simple expression failed to parse somewhere in the chain (then the product fields are worth showing). */
    private static boolean isExpressionError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String type = t.getClass().getName();
            if (type.contains("Simple") || type.contains("Expression") || String.valueOf(t.getMessage()).contains("simple{")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
