package io.mistakeflow.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} options of one subcommand. */
public final class Args {

    private final Map<String, String> values = new HashMap<>();

    private Args() {
    }

    public static Args parse(String[] args, Set<String> withValue, Set<String> flags) {
        Args parsed = new Args();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (flags.contains(name)) {
                parsed.values.put(name, "true");
            } else if (withValue.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                parsed.values.put(name, args[++i]);
            } else {
                throw new UsageException("unknown option " + name + " (options: " + List.copyOf(withValue) + " "
                        + List.copyOf(flags) + ")");
            }
        }
        return parsed;
    }

    /** Prints the command's help when the first argument asks for it. */
    public static boolean helpAsked(String[] args, String help) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(help);
            return true;
        }
        return false;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    public int getInt(String name, int fallback) {
        String value = values.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, got " + value);
        }
    }

    public Path existingFile(String name) {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path)) {
            throw new UsageException(name + ": no such file " + value);
        }
        return path;
    }
}
