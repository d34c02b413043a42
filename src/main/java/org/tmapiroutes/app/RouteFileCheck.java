package org.tmapiroutes.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.util.URISupport;
import org.quartz.CronExpression;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.tmapiroutes.delivery.OutputFormat;
import org.tmapiroutes.tmapi.QueryDefaults;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * Decides whether a route file may run, the same way at start-up and at every save: the file is read into Camel's
 * model and each value a user writes is checked there, with the configuration's {@code {{keys}}} resolved first —
 * product conditions, the parameters of a templated route, the query of a {@code tmapi-…-action} Kamelet, a Quartz
 * cron and its time zone — so that a mistake is named, with its line, before anything runs or is bought.
 */
final class RouteFileCheck {

    /** A reason a route file may not run, and the line it is on (0 when the file as a whole is wrong). */
    record Problem(Path file, int line, String reason) {

        /** The file as the user knows it ({@code routes/x.camel.yaml}) and the line, if there is one. */
        String place(Path shownAs) {
            return shownAs + (line > 0 ? " line " + line : "");
        }
    }

    private static final String TMAPI_KAMELET = "tmapi-";
    private static final String WHERE_KAMELET = "items-where-action";

    private final CamelContext context;
    private final QueryValidator queries = new QueryValidator(QueryDefaults.DOCUMENTED);

    RouteFileCheck(CamelContext context) {
        this.context = context;
    }

    /**
     * Checks every route file of the folder as start-up reads them; the first problem of each file that may not run,
     * in file name order.
     */
    List<Problem> checkFolder(Path folder) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                files.put(file, Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        Map<String, RouteTemplateDefinition> templates = new LinkedHashMap<>();
        files.forEach((file, content) -> templates.putAll(templatesOf(file, content)));
        List<Problem> problems = new ArrayList<>();
        files.forEach((file, content) -> check(file, content, templates).stream().findFirst().ifPresent(problems::add));
        return problems;
    }

    /** The route templates a file defines, by id; none when it cannot be read. */
    Map<String, RouteTemplateDefinition> templatesOf(Path file, String content) {
        Map<String, RouteTemplateDefinition> templates = new LinkedHashMap<>();
        try {
            RouteModel.read(context, file, content).templates().forEach(t -> templates.put(t.getId(), t));
        } catch (Exception unreadable) {
            // reported when the file itself is checked
        }
        return templates;
    }

    /**
     * Every problem of a route file, in file order; none when it may run.
     *
     * @param templates the route templates the other route files define, by id (a file's own are added)
     */
    List<Problem> check(Path file, String content, Map<String, RouteTemplateDefinition> templates) {
        SourceLines lines = SourceLines.of(content);
        if (lines.empty()) {
            return List.of(new Problem(file, 0, "the file holds no route (it is empty, or still being written); "
                    + "to remove its routes, delete the file"));
        }
        RouteModel model;
        try {
            model = RouteModel.read(context, file, content);
        } catch (Exception e) {
            String line = ReloadProblems.lineOf(e, content);
            return List.of(new Problem(file, line.matches("\\d+") ? Integer.parseInt(line) : 0, yamlReason(e)));
        }
        Check check = new Check(file, lines);
        Map<String, RouteTemplateDefinition> known = new LinkedHashMap<>(templates);
        model.templates().forEach(t -> known.put(t.getId(), t));
        for (RouteDefinition route : model.routes()) {
            check.route(route);
        }
        for (TemplatedRouteDefinition templated : model.templatedRoutes()) {
            check.templated(templated, known);
        }
        check.problems.sort(Comparator.comparingInt(Problem::line));
        return check.problems;
    }

    /** The product conditions of a file with their lines: an inbox flow's {@code where}, items-where-action's. */
    List<Condition> conditions(Path file, String content) throws Exception {
        SourceLines lines = SourceLines.of(content);
        RouteModel model = RouteModel.read(context, file, content);
        List<Condition> found = new ArrayList<>();
        for (TemplatedRouteDefinition templated : model.templatedRoutes()) {
            for (TemplatedRouteParameterDefinition parameter : templated.getParameters()) {
                if ("where".equals(parameter.getName())) {
                    found.add(new Condition(parameter.getValue(),
                            lines.parameterLine(templated.getRouteId(), "where", false)));
                }
            }
        }
        for (RouteDefinition route : model.routes()) {
            for (SendDefinition<?> send : sends(route.getOutputs())) {
                Kamelet kamelet = Kamelet.of(send.getEndpointUri());
                if (kamelet != null && kamelet.name().equals(WHERE_KAMELET)
                        && kamelet.raw().containsKey("expression")) {
                    String raw = kamelet.raw().get("expression");
                    found.add(new Condition(unwrapRaw(raw), lines.lineOf(raw, lineOf(send))));
                }
            }
        }
        return found;
    }

    /** A product condition of a route file and the line it is on. */
    record Condition(String expression, int line) {
    }

    /** The problems of one file, gathered while its model is walked. */
    private final class Check {

        private final Path file;
        private final SourceLines lines;
        private final List<Problem> problems = new ArrayList<>();

        Check(Path file, SourceLines lines) {
            this.file = file;
            this.lines = lines;
        }

        private void add(int line, String reason) {
            problems.add(new Problem(file, line, reason));
        }

        void route(RouteDefinition route) {
            int line = route.getLineNumber() > 0 ? route.getLineNumber() : 0;
            if (route.getPrecondition() != null) {
                Optional<Value> precondition = resolve(route.getPrecondition(), line);
                // a flow that is off is not made by Camel either: its settings matter once it is turned on
                if (precondition.isEmpty() || precondition.get().text().strip().equalsIgnoreCase("false")) {
                    return;
                }
            }
            FromDefinition from = route.getInput();
            if (from != null && from.getUri() != null && from.getUri().startsWith("quartz:")) {
                quartz(from.getUri(), from.getLineNumber() > 0 ? from.getLineNumber() : line);
            }
            for (SendDefinition<?> send : sends(route.getOutputs())) {
                Kamelet kamelet = Kamelet.of(send.getEndpointUri());
                if (kamelet != null) {
                    kamelet(kamelet, lineOf(send));
                }
            }
        }

        private void quartz(String uri, int line) {
            Map<String, String> raw = query(uri);
            if (raw.containsKey("cron")) {
                resolve(raw.get("cron"), lines.lineOf(raw.get("cron"), line)).ifPresent(cron -> cron(cron));
            }
            if (raw.containsKey("trigger.timeZone")) {
                resolve(raw.get("trigger.timeZone"), lines.lineOf(raw.get("trigger.timeZone"), line))
                        .ifPresent(zone -> timeZone(zone));
            }
        }

        private void cron(Value cron) {
            String expression = cron.text().replace('+', ' ').strip();
            try {
                CronExpression.validateExpression(expression);
            } catch (ParseException e) {
                add(cron.line(), cron.named("cron") + " is not a valid Quartz cron (" + e.getMessage() + "): write "
                        + "second minute hour day-of-month month day-of-week [year], e.g. 0 0 8 ? * MON-FRI");
            }
        }

        private void timeZone(Value zone) {
            String id = zone.text().strip();
            if (!knownTimeZone(id)) {
                add(zone.line(), zone.named("time zone") + (zone.key() == null ? " is not known" : " is not a known "
                        + "time zone") + " (e.g. " + closestTimeZone(id) + ", UTC)");
            }
        }

        private void kamelet(Kamelet kamelet, int line) {
            Map<String, Value> values = new LinkedHashMap<>();
            for (Map.Entry<String, String> parameter : kamelet.raw().entrySet()) {
                resolve(parameter.getValue(), lines.lineOf(parameter.getValue(), line))
                        .ifPresent(value -> values.put(parameter.getKey(), value));
            }
            if (kamelet.name().equals(WHERE_KAMELET) && values.containsKey("expression")) {
                Value expression = values.get("expression");
                ProductConditions.problem(context, unwrapRaw(expression.text()))
                        .ifPresent(problem -> add(expression.line(), problem));
                return;
            }
            Optional<TmapiEndpoint> endpoint = tmapiEndpoint(kamelet.name());
            if (endpoint.isEmpty()) {
                return;
            }
            Map<String, String> query = new LinkedHashMap<>();
            Map<String, Value> bySnake = new LinkedHashMap<>();
            for (Map.Entry<String, Value> parameter : values.entrySet()) {
                String name = snakeCase(parameter.getKey());
                if (!QueryValidator.knownColumns(endpoint.get()).contains(name)) {
                    add(parameter.getValue().line(), "kamelet:" + kamelet.name() + " has no parameter "
                            + parameter.getKey() + "; it takes: " + QueryValidator.knownColumns(endpoint.get())
                            .stream().map(RouteFileCheck::camelCase).collect(Collectors.joining(", ")));
                    continue;
                }
                query.put(name, parameter.getValue().text());
                bySnake.put(name, parameter.getValue());
            }
            for (String problem : queries.validate(endpoint.get(), query, 0).problems()) {
                String name = problem.contains(" ") ? problem.substring(0, problem.indexOf(' ')) : problem;
                Value value = bySnake.get(name);
                String reason = bySnake.containsKey(name) ? camelCase(name) + problem.substring(name.length())
                        : problem;
                String key = value != null && value.key() != null ? " (" + value.key() + " = " + value.text() + ")"
                        : "";
                add(value == null ? line : value.line(), "kamelet:" + kamelet.name() + " " + reason + key);
            }
        }

        void templated(TemplatedRouteDefinition templated, Map<String, RouteTemplateDefinition> templates) {
            String routeId = templated.getRouteId();
            RouteTemplateDefinition template = templates.get(templated.getRouteTemplateRef());
            if (template == null) {
                add(lines.templatedRouteLine(routeId), "route template " + templated.getRouteTemplateRef()
                        + " is not defined by any route file (route templates: " + String.join(", ", templates.keySet())
                        + ")");
                return;
            }
            Set<String> names = new TreeSet<>();
            List<String> ordered = template.getTemplateParameters().stream()
                    .map(RouteTemplateParameterDefinition::getName).toList();
            names.addAll(ordered);
            Map<String, Value> given = new LinkedHashMap<>();
            for (TemplatedRouteParameterDefinition parameter : templated.getParameters()) {
                if (!names.contains(parameter.getName())) {
                    add(lines.parameterLine(routeId, parameter.getName(), true), "parameter " + parameter.getName()
                            + " is not a parameter of route template " + template.getId() + "; it takes: "
                            + String.join(", ", ordered));
                    continue;
                }
                resolve(parameter.getValue(), lines.parameterLine(routeId, parameter.getName(), false))
                        .ifPresent(value -> given.put(parameter.getName(), value));
            }
            for (RouteTemplateParameterDefinition parameter : template.getTemplateParameters()) {
                if (parameter.isRequired() && parameter.getDefaultValue() == null
                        && templated.getParameters().stream().noneMatch(p -> p.getName().equals(parameter.getName()))) {
                    add(lines.templatedRouteLine(routeId), "parameter " + parameter.getName() + " is required by "
                            + "route template " + template.getId() + " and not given");
                }
            }
            Value endpoint = given.get("endpoint");
            if (endpoint != null && TmapiEndpoint.byId(endpoint.text().strip()).isEmpty()) {
                add(endpoint.line(), endpoint.named("endpoint") + " is not a TMAPI endpoint id; endpoint ids: "
                        + TmapiEndpoint.ids());
            }
            Value format = given.get("format");
            if (format != null) {
                try {
                    OutputFormat.parse(format.text());
                } catch (IllegalArgumentException e) {
                    add(format.line(), (format.key() == null ? "format" : format.key()) + " '" + format.text()
                            + "' is not allowed; allowed values: " + OutputFormat.ALLOWED);
                }
            }
            Value where = given.get("where");
            if (where != null) {
                ProductConditions.problem(context, where.text()).ifPresent(problem -> add(where.line(), problem));
            }
        }

        /** A value with the configuration's keys resolved; empty (and a problem) when a key is not set. */
        private Optional<Value> resolve(String raw, int line) {
            if (raw == null) {
                return Optional.empty();
            }
            String key = singleKey(raw);
            try {
                return Optional.of(new Value(context.resolvePropertyPlaceholders(raw), key, line));
            } catch (RuntimeException e) {
                add(line, (key == null ? raw : "the key " + key) + " is not set: give it a value in the configuration "
                        + "file (or with -D or an environment variable)");
                return Optional.empty();
            }
        }
    }

    /** A value as Camel will use it, the key it came from ({@code {{key}}} alone), and its line. */
    private record Value(String text, String key, int line) {

        /** How a message names it: by its key when it came from one, e.g. {@code report.category.cron = 0 0 99 ...}. */
        String named(String what) {
            return key == null ? what + " " + text : key + " = " + text;
        }
    }

    /** A {@code kamelet:} endpoint: the Kamelet's name and its parameters as written. */
    private record Kamelet(String name, Map<String, String> raw) {

        static Kamelet of(String uri) {
            if (uri == null || !uri.startsWith("kamelet:")) {
                return null;
            }
            String rest = uri.substring("kamelet:".length());
            int query = rest.indexOf('?');
            String name = query < 0 ? rest : rest.substring(0, query);
            if (name.contains("/")) {
                name = name.substring(0, name.indexOf('/'));
            }
            return new Kamelet(name, query(uri));
        }
    }

    private static Map<String, String> query(String uri) {
        int start = uri.indexOf('?');
        Map<String, String> raw = new LinkedHashMap<>();
        if (start < 0) {
            return raw;
        }
        try {
            URISupport.parseQuery(uri.substring(start + 1), true, true)
                    .forEach((name, value) -> raw.put(name, String.valueOf(value)));
        } catch (Exception unreadable) {
            // Camel refuses the endpoint itself when the file is loaded, naming it
        }
        return raw;
    }

    private static Optional<TmapiEndpoint> tmapiEndpoint(String kamelet) {
        if (!kamelet.startsWith(TMAPI_KAMELET) || !kamelet.endsWith("-action")) {
            return Optional.empty();
        }
        return TmapiEndpoint.byId(kamelet.substring(TMAPI_KAMELET.length(), kamelet.length() - "-action".length()));
    }

    /** The key of a value that is one {@code {{key}}} (or {@code {{?key}}}, {@code {{key:default}}}), else null. */
    private static String singleKey(String raw) {
        String text = raw.strip();
        if (!text.startsWith("{{") || !text.endsWith("}}") || text.indexOf("{{", 2) >= 0) {
            return null;
        }
        String key = text.substring(2, text.length() - 2).strip();
        if (key.startsWith("?")) {
            key = key.substring(1);
        }
        int fallback = key.indexOf(':');
        return fallback < 0 ? key : key.substring(0, fallback);
    }

    private static String unwrapRaw(String value) {
        String text = value.strip();
        if ((text.startsWith("RAW(") && text.endsWith(")")) || (text.startsWith("RAW{") && text.endsWith("}"))) {
            return text.substring(4, text.length() - 1);
        }
        return text;
    }

    private static List<SendDefinition<?>> sends(List<ProcessorDefinition<?>> outputs) {
        List<SendDefinition<?>> sends = new ArrayList<>();
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof SendDefinition<?> send) {
                sends.add(send);
            }
            sends.addAll(sends(output.getOutputs()));
        }
        return sends;
    }

    private static int lineOf(ProcessorDefinition<?> step) {
        return Math.max(step.getLineNumber(), 0);
    }

    /** Quartz reads a time zone with {@link TimeZone}, which turns an id it does not know into GMT without a word. */
    static boolean knownTimeZone(String id) {
        if (id.isEmpty()) {
            return false;
        }
        if (Set.of(TimeZone.getAvailableIDs()).contains(id)) {
            return true;
        }
        try {
            ZoneId.of(id);
        } catch (RuntimeException unknown) {
            return false;
        }
        return !TimeZone.getTimeZone(id).getID().equals("GMT") || id.equals("GMT");
    }

    /** The known time zone id nearest to a misspelt one (fewest letters changed), e.g. Asia/Shanghai. */
    static String closestTimeZone(String id) {
        return Arrays.stream(TimeZone.getAvailableIDs()).filter(known -> known.contains("/"))
                .min(Comparator.comparingInt((String known) -> distance(known.toLowerCase(Locale.ROOT),
                        id.toLowerCase(Locale.ROOT))).thenComparing(known -> known))
                .orElse("Asia/Shanghai");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + change);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String snakeCase(String camel) {
        StringBuilder name = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                name.append('_').append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    private static String camelCase(String snake) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    /** The first line of what the YAML DSL says about a file it cannot read, without its own copy of the file. */
    private static String yamlReason(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked && marked.getProblem() != null) {
                // e.g. "found unexpected end of stream (while scanning a quoted scalar)": a file cut short
                return marked.getProblem().strip() + (marked.getContext() == null ? ""
                        : " (" + marked.getContext().strip() + ")");
            }
        }
        Throwable root = ReloadProblems.rootCause(e);
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
        String first = message.lines().findFirst().orElse(message).strip();
        if (first.startsWith("Unable to parse resource")) {
            return "the file is not valid YAML (perhaps still being written)";
        }
        return first;
    }
}
