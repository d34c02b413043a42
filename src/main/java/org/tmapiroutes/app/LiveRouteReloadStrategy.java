package org.tmapiroutes.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.item.ItemFields;

/**
 * Camel's route watcher, made safe for files people edit while the program runs: a save that does not load (invalid
 * YAML, an unknown endpoint or product field, a broken product condition, a route that fails to start) is logged with
 * file, line and reason while the previous version of that file keeps running; a deleted file's routes are removed.
 *
 * <p>Camel's own {@link RouteWatcherReloadStrategy} is not enough for that: after a save that does not load, the routes
 * of the file are gone until the next good save (a bad edit would stop the user's morning report); it ignores
 * deleted files; and it does not reload the routes that use a changed route configuration, which Camel merges into a
 * route only when the route is loaded.
 */
public class LiveRouteReloadStrategy extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRouteReloadStrategy.class);

    /** The last content of each route file that loaded, by absolute path. */
    private final Map<Path, String> lastGood = new ConcurrentHashMap<>();
    private final Path folder;
    /** The flows a failed save stopped, by route id, with their file and reason (the health check reports them). */
    private final Map<String, String> stopped = new ConcurrentHashMap<>();
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile boolean closed;

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
        reloading.lock();
        try {
            if (closed) {
                return;
            }
            if (resources == null) {
                super.onRouteReload(null, removeEverything);
                return;
            }
            for (Resource resource : resources) {
                reload(resource);
            }
        } finally {
            reloading.unlock();
        }
    }

    /** No reload after this, and none under way: called before the program stops, whose route list must hold still. */
    void stopReloading() {
        closed = true;
        reloading.lock();
        reloading.unlock();
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
        List<RouteFileCheck.Problem> problems = check().check(file, content, templatesBesides(file));
        if (!problems.isEmpty()) {
            RouteFileCheck.Problem first = problems.get(0);
            LOG.error("Route file {} not loaded{}: {}.{} {}", shown(file), first.line() > 0 ? ", line " + first.line()
                    : "", first.reason(), problems.size() > 1 ? " (" + (problems.size() - 1) + " more problem"
                    + (problems.size() > 2 ? "s" : "") + " after it.)" : "", lastGood.containsKey(file)
                    ? "The previous version keeps running; fix the file and save it again."
                    : "Nothing of it runs until it is saved fixed.");
            return;
        }
        Optional<String> brokenUser = brokenTemplateUser(file, content);
        if (brokenUser.isPresent()) {
            LOG.error("Route file {} not loaded: a flow made from its route template would no longer be valid: {}. "
                    + "The previous version keeps running; fix the file and save it again.", shown(file),
                    brokenUser.get());
            return;
        }
        String previous = lastGood.get(file);
        Set<String> running = runningRouteIds(file);
        try {
            load(file, resource);
            Definitions defined = definitionsOf(file, content);
            // a changed template or route configuration counts as loaded once every route using it took it
            reloadUsersOf(defined.configurationIds(), defined.templateIds(), file, true);
            lastGood.put(file, content);
            stopped.keySet().removeIf(this::started);
            LOG.info("Route file {} reloaded", folder.resolve(file.getFileName()));
        } catch (RuntimeException e) {
            Throwable root = ReloadProblems.rootCause(e);
            String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
            // the sentence ends here, whether or not Camel's message did
            String reason = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
            String line = ReloadProblems.lineOf(e, content);
            String fields = ReloadProblems.isExpressionError(e) || ReloadProblems.holdsExpression(content, line)
                    ? " Product fields are: " + ItemFields.names() + "." : "";
            definitionsOf(file, content).templatedRouteIds().forEach(routeId -> removeRoute(routeId, file));
            String notRestored = restore(file);
            if (previous != null) {
                Definitions restored = definitionsOf(file, previous);
                reloadUsersOf(restored.configurationIds(), restored.templateIds(), file, false);
            }
            // said only once known: whether the flows that ran before run again
            List<String> gone = running.stream().filter(id -> !started(id)).toList();
            gone.forEach(id -> stopped.put(id, shown(file) + ": " + reason.replaceAll("\\s+", " ")));
            String outcome = !gone.isEmpty() ? "The previous version could not be started again either ("
                    + notRestored + "): " + String.join(", ", gone) + " STOPPED; fix the file and save it again."
                    : previous != null ? "The previous version keeps running; fix the file and save it again."
                    : "Nothing of it runs until it is saved fixed.";
            LOG.error("Route file {} not loaded, line {}: {}.{} {}", shown(file), line, reason.replaceAll("\\s+", " "),
                    fields, outcome);
        }
    }

    /**
     * The first flow another file makes from a route template this save changes that the changed template would
     * refuse (a parameter it no longer takes, one it now requires), as the next start would: named by file and line.
     */
    private Optional<String> brokenTemplateUser(Path file, String content) {
        RouteFileCheck check = check();
        Map<String, RouteTemplateDefinition> changed = check.templatesOf(file, content);
        String previous = lastGood.get(file);
        Set<String> dropped = previous == null ? Set.of() : check.templatesOf(file, previous).keySet();
        if (changed.isEmpty() && dropped.isEmpty()) {
            return Optional.empty();
        }
        Map<String, RouteTemplateDefinition> templates = templatesBesides(file);
        dropped.forEach(templates::remove);
        templates.putAll(changed);
        for (Map.Entry<Path, String> other : lastGood.entrySet()) {
            if (other.getKey().equals(file)) {
                continue;
            }
            Optional<RouteFileCheck.Problem> problem = check.check(other.getKey(), other.getValue(), templates)
                    .stream().findFirst();
            if (problem.isPresent()) {
                return Optional.of(problem.get().place(shown(other.getKey())) + ": " + problem.get().reason());
            }
        }
        return Optional.empty();
    }

    private boolean started(String routeId) {
        ServiceStatus status = getCamelContext().getRouteController().getRouteStatus(routeId);
        return status != null && status.isStarted();
    }

    /** The routes of a file that run now: its own, and those it makes from a template. */
    private Set<String> runningRouteIds(Path file) {
        Set<String> ids = new LinkedHashSet<>();
        routesOf(file).forEach(route -> ids.add(route.getRouteId()));
        String previous = lastGood.get(file);
        if (previous != null) {
            Definitions defined = definitionsOf(file, previous);
            ids.addAll(union(defined.routeIds(), defined.templatedRouteIds()));
        }
        ids.removeIf(id -> id == null || !started(id));
        return ids;
    }

    /** The flows a failed save stopped, each with its file and the reason; empty while everything runs. */
    Map<String, String> stoppedFlows() {
        return Map.copyOf(stopped);
    }

    private RouteFileCheck check() {
        return new RouteFileCheck(getCamelContext());
    }

    /** The route templates the other route files define, which a file's templated routes may use. */
    private Map<String, RouteTemplateDefinition> templatesBesides(Path file) {
        Map<String, RouteTemplateDefinition> templates = new LinkedHashMap<>();
        RouteFileCheck check = check();
        lastGood.forEach((other, text) -> {
            if (!other.equals(file)) {
                templates.putAll(check.templatesOf(other, text));
            }
        });
        return templates;
    }

    private Path shown(Path file) {
        return folder.resolve(file.getFileName());
    }

    /**
     * Camel merges a route configuration (and a route template) into a route when the route is loaded, so the routes
     * that use a changed one are loaded again from their (unchanged) files to pick it up.
     */
    private void reloadUsersOf(Set<String> configurationIds, Set<String> templateIds, Path changed, boolean strict) {
        if (configurationIds.isEmpty() && templateIds.isEmpty()) {
            return;
        }
        for (Map.Entry<Path, String> entry : lastGood.entrySet()) {
            Definitions defined = definitionsOf(entry.getKey(), entry.getValue());
            if (entry.getKey().equals(changed) || (Collections.disjoint(defined.usedConfigurations(), configurationIds)
                    && Collections.disjoint(defined.usedTemplates(), templateIds))) {
                continue;
            }
            try {
                load(entry.getKey(), ResourceHelper.fromString("file:" + entry.getKey(), entry.getValue()));
                LOG.info("Route file {} reloaded to apply the changed {}", folder.resolve(entry.getKey().getFileName()),
                        String.join(", ", union(configurationIds, templateIds)));
                // a template that uses the changed configuration hands it on to the routes made from it
                reloadUsersOf(Set.of(), defined.templateIds(), entry.getKey(), strict);
            } catch (RuntimeException e) {
                if (strict) {
                    throw e;
                }
                LOG.error("Route file {} could not take the changed {}: {}", entry.getKey(),
                        union(configurationIds, templateIds), ReloadProblems.rootCause(e).getMessage());
            }
        }
    }

    /**
     * Loads a file's routes in place of those it held: Camel's watcher replaces the plain routes of a file itself, but
     * leaves out the routes a file makes from a template, which are removed and added again here.
     */
    private void load(Path file, Resource resource) {
        String previous = lastGood.get(file);
        Model model = getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        try {
            if (previous != null) {
                Definitions held = definitionsOf(file, previous);
                for (String routeId : held.templatedRouteIds()) {
                    removeRoute(routeId, file);
                }
                for (String templateId : held.templateIds()) {
                    model.removeRouteTemplateDefinitions(templateId);
                }
            }
            super.onRouteReload(List.of(resource), false);
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(getCamelContext())
                    .findRoutesBuilders(List.of(resource))) {
                if (builder instanceof RouteBuilder routes) {
                    routes.setCamelContext(getCamelContext());
                    routes.configure();
                    for (RouteTemplateDefinition template : routes.getRouteTemplateCollection().getRouteTemplates()) {
                        if (model.getRouteTemplateDefinition(template.getId()) == null) {
                            model.addRouteTemplateDefinition(template);
                        }
                    }
                    routes.addTemplatedRoutesToCamelContext(getCamelContext());
                }
            }
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeException(e);
        }
    }

    /** What a route file defines and uses, as Camel's own YAML loader reads it into its model (nothing is added). */
    record Definitions(Set<String> routeIds, Set<String> templatedRouteIds, Set<String> configurationIds,
            Set<String> templateIds, Set<String> usedConfigurations, Set<String> usedTemplates) {

        boolean shared() {
            return !configurationIds.isEmpty() || !templateIds.isEmpty();
        }
    }

    private Definitions definitionsOf(Path file, String content) {
        Definitions defined = new Definitions(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>(),
                new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
        try {
            RouteModel model = RouteModel.read(getCamelContext(), file, content);
            for (RouteDefinition route : model.routes()) {
                defined.routeIds().add(route.getRouteId());
                addIds(defined.usedConfigurations(), route.getRouteConfigurationId());
            }
            for (TemplatedRouteDefinition templated : model.templatedRoutes()) {
                defined.templatedRouteIds().add(templated.getRouteId());
                defined.usedTemplates().add(templated.getRouteTemplateRef());
            }
            for (RouteTemplateDefinition template : model.templates()) {
                defined.templateIds().add(template.getId());
                addIds(defined.usedConfigurations(), template.getRoute().getRouteConfigurationId());
            }
            model.configurations().forEach(c -> defined.configurationIds().add(c.getId()));
        } catch (Exception e) {
            LOG.debug("Route file {} could not be read into Camel's model: {}", file, e.getMessage());
        }
        return defined;
    }

    private static void addIds(Set<String> ids, String commaSeparated) {
        if (commaSeparated != null) {
            Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(id -> !id.isEmpty()).forEach(ids::add);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Path fileOf(Resource resource) {
        String location = resource == null ? null : resource.getLocation();
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        return Path.of(location.substring("file:".length())).toAbsolutePath().normalize();
    }

    /** Loads every route file again, route configurations first, so that changed keys take effect. */
    void reloadAll(String why) {
        reloading.lock();
        try {
            if (!closed) {
                reloadAllFiles(why);
            }
        } finally {
            reloading.unlock();
        }
    }

    private void reloadAllFiles(String why) {
        List<Map.Entry<Path, String>> files = new ArrayList<>(lastGood.entrySet());
        files.sort(Comparator.comparing(entry -> !definitionsOf(entry.getKey(), entry.getValue()).shared()));
        int reloaded = 0;
        RouteFileCheck check = check();
        Map<String, RouteTemplateDefinition> templates = new LinkedHashMap<>();
        files.forEach(entry -> templates.putAll(check.templatesOf(entry.getKey(), entry.getValue())));
        for (Map.Entry<Path, String> entry : files) {
            // the keys changed under the file: the same check as a save, so a bad value is named by its key
            List<RouteFileCheck.Problem> problems = check.check(entry.getKey(), entry.getValue(), templates);
            if (!problems.isEmpty()) {
                RouteFileCheck.Problem first = problems.get(0);
                LOG.error("Route file {} not reloaded after {}{}: {}. The previous version keeps running; fix the "
                        + "configuration and save it again.", shown(entry.getKey()), why, first.line() > 0
                        ? ", line " + first.line() : "", first.reason());
                continue;
            }
            try {
                load(entry.getKey(), ResourceHelper.fromString("file:" + entry.getKey(), entry.getValue()));
                reloaded++;
            } catch (RuntimeException e) {
                LOG.error("Route file {} could not be reloaded after {}: {}", entry.getKey(), why,
                        ReloadProblems.rootCause(e).getMessage());
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
        private final SavedSettings settings;

        ConfigurationWatcher(Path configFile, LiveRouteReloadStrategy routes) {
            super(configFile.toAbsolutePath().getParent().toString(), false);
            this.configFile = configFile;
            this.routes = routes;
            this.settings = new SavedSettings(configFile);
            setPattern(configFile.getFileName().toString());
            setRemoveAllRoutes(false);
        }

        @Override
        protected String startupMessage(java.io.File dir) {
            return "Live configuration reloading enabled (file: " + configFile + ")";
        }

        /**
         * A saved file with a value that cannot work (a number that does not parse or is out of range, a choice not
         * among the allowed ones, a broken escape) is not applied at all: the previous settings stay in force.
         */
        @Override
        protected boolean onPropertiesReload(Resource resource, boolean reloadRoutes) throws Exception {
            String text;
            try (InputStream in = resource.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Optional<String> problem = PropertiesText.problem(text, configFile.toString());
            if (problem.isEmpty()) {
                Properties saved = new Properties();
                saved.load(new StringReader(text));
                Function<String, Optional<String>> setting = key -> Optional.ofNullable(saved.getProperty(key))
                        .map(String::strip).filter(value -> !value.isEmpty());
                problem = NumberKeys.problem(setting).or(() -> ChoiceKeys.problem(setting));
            }
            if (problem.isPresent()) {
                LOG.error("Configuration {} not applied: {}; the previous settings stay in force", configFile,
                        problem.get());
                return false;
            }
            return super.onPropertiesReload(resource, reloadRoutes);
        }

        @Override
        protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
            String changes = settings.changes();
            routes.reloadAll("Configuration " + configFile + " changed" + (changes.isEmpty() ? "" : " (" + changes + ")"));
        }
    }

    /** Loads the previous version of a file again; why it could not be, or null. */
    private String restore(Path file) {
        String previous = lastGood.get(file);
        if (previous == null) {
            removeRoutesOf(file);
            return null;
        }
        try {
            // by its absolute path: a relative routes folder (--routes routes) makes a location Camel cannot open
            load(file, ResourceHelper.fromString("file:" + file, previous));
            return null;
        } catch (RuntimeException e) {
            return String.valueOf(ReloadProblems.rootCause(e).getMessage()).replaceAll("\\s+", " ");
        }
    }

    private void removeRoutesOf(Path file) {
        String previous = lastGood.get(file);
        Set<String> routeIds = new LinkedHashSet<>();
        if (previous != null) {
            // what the file defined, not the routes other files made from a template it held: those keep running
            Definitions defined = definitionsOf(file, previous);
            routeIds.addAll(defined.routeIds());
            routeIds.addAll(defined.templatedRouteIds());
        } else {
            routesOf(file).forEach(route -> routeIds.add(route.getRouteId()));
        }
        for (String routeId : routeIds) {
            if (removeRoute(routeId, file)) {
                LOG.info("Route {} removed: its file {} was deleted", routeId, folder.resolve(file.getFileName()));
            }
        }
        lastGood.remove(file);
    }

    private boolean removeRoute(String routeId, Path file) {
        if (routeId == null || getCamelContext().getRoute(routeId) == null) {
            return false;
        }
        try {
            getCamelContext().getRouteController().stopRoute(routeId);
            return getCamelContext().removeRoute(routeId);
        } catch (Exception e) {
            LOG.error("Route {} of {} could not be removed: {}", routeId, file, e.getMessage());
            return false;
        }
    }

    private List<Route> routesOf(Path file) {
        List<Route> routes = new ArrayList<>();
        for (Route route : getCamelContext().getRoutes()) {
            if (file.equals(fileOf(route.getSourceResource()))) {
                routes.add(route);
            }
        }
        return routes;
    }
}
