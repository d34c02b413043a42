package org.tmapiroutes.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The product's own command-line flags ({@code --demo}, {@code --routes DIR}, {@code --config FILE}); everything
 * else is passed on to Camel Main.
 *
 * @param demo      start the embedded simulators and run every shipped flow once on simulated data
 * @param routesDir the folder of YAML routes, watched for changes
 * @param config    the properties file
 * @param camelArgs the arguments left for Camel Main
 */
public record LaunchOptions(boolean demo, Path routesDir, Path config, List<String> camelArgs) {

    public static final String USAGE = """
            Usage: java -jar target/tmapi-routes.jar [--demo] [--routes DIR] [--config FILE] [Camel Main options]
              --demo          run every shipped flow once against embedded simulators (simulated data)
              --routes DIR    folder of YAML routes, reloaded live (default: routes)
              --config FILE   properties file (default: config/application.properties)
            The TMAPI token comes from the environment variable TMAPI_API_TOKEN.""";

    public static LaunchOptions parse(String... args) {
        boolean demo = false;
        Path routes = Path.of("routes");
        Path config = Path.of("config", "application.properties");
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--demo" -> demo = true;
                case "--routes" -> routes = Path.of(value(args, ++i, arg));
                case "--config" -> config = Path.of(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("--routes=")) {
                        routes = Path.of(arg.substring("--routes=".length()));
                    } else if (arg.startsWith("-D") && arg.contains("=")) {
                        // -Dkey=value after the jar name works like before it
                        System.setProperty(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                    } else if (arg.startsWith("--config=")) {
                        config = Path.of(arg.substring("--config=".length()));
                    } else {
                        rest.add(arg);
                    }
                }
            }
        }
        return new LaunchOptions(demo, routes, config, rest);
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return args[index];
    }
}
