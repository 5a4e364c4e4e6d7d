package org.racker.cli;

import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command's picocli model, declared in code: each option is bound to the command by a
 * setter. picocli's annotation-driven model reads every annotation by reflection and makes a
 * proxy class for each annotation type, a large share of the start of every racker call; the
 * model built here is the same model without that.
 *
 * <p>Options have no initial value to reset to: a command object is parsed once, so its field
 * initialisers are its initial values, and a {@code defaultValue} reaches it through its setter.
 */
final class CommandModel {
    private final CommandSpec spec;
    private boolean standardHelp;

    private CommandModel(CommandSpec spec, boolean standardHelp) {
        this.spec = spec;
        this.standardHelp = standardHelp;
    }

    /**
     * A command with picocli's standard {@code -h/--help} and {@code -V/--version}, listed
     * after the command's own options.
     */
    static CommandModel of(Object command, String name, String... description) {
        return new CommandModel(spec(command, name, description), true);
    }

    /** A command that declares its help option itself (where {@code -h} means something else). */
    static CommandModel bare(Object command, String name, String... description) {
        return new CommandModel(spec(command, name, description), false);
    }

    private static CommandSpec spec(Object command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        spec.name(name);
        spec.usageMessage().description(description);
        return spec;
    }

    /** {@code --help} alone. */
    static OptionSpec.Builder helpOption(String description) {
        return OptionSpec.builder("--help").usageHelp(true).description(description);
    }

    CommandModel footer(String... lines) {
        spec.usageMessage().footer(lines);
        return this;
    }

    /** Options listed in the order they were added, not alphabetically. */
    CommandModel unsorted() {
        spec.usageMessage().sortOptions(false);
        return this;
    }

    CommandModel versionProvider(IVersionProvider provider) {
        spec.versionProvider(provider);
        return this;
    }

    CommandModel add(OptionSpec.Builder option) {
        spec.addOption(option.build());
        return this;
    }

    /** A positional parameter, required when its arity asks for a value (as picocli's annotations make it). */
    CommandModel add(PositionalParamSpec.Builder positional) {
        PositionalParamSpec built = positional.build();
        spec.addPositional(built.arity().min() > 0 && !built.required() ? positional.required(true).build() : built);
        return this;
    }

    CommandModel subcommand(CommandSpec subcommand) {
        spec.addSubcommand(subcommand.name(), new CommandLine(subcommand));
        return this;
    }

    /** The model, complete. */
    CommandSpec spec() {
        if (standardHelp) {
            standardHelp = false;
            add(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit."));
            add(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit."));
        }
        return spec;
    }

    /** A flag: no value, true when given. */
    static OptionSpec.Builder flag(Consumer<Boolean> set, String... names) {
        return bind(OptionSpec.builder(names).type(boolean.class).auxiliaryTypes(boolean.class), set, false);
    }

    /** An option with one value of {@code type} (String, Path, int, Integer, long, Long, boolean). */
    static <T> OptionSpec.Builder option(Class<T> type, Consumer<T> set, String... names) {
        return bind(OptionSpec.builder(names).type(type).auxiliaryTypes(type), set, null);
    }

    /** A repeatable option: every value, in order, as a list of {@code element}. */
    static <T> OptionSpec.Builder list(Class<T> element, Consumer<List<T>> set, String... names) {
        return bind(OptionSpec.builder(names).type(List.class).auxiliaryTypes(element), set, null);
    }

    /** A positional parameter of one value. */
    static <T> PositionalParamSpec.Builder positional(Class<T> type, Consumer<T> set) {
        return bind(PositionalParamSpec.builder().type(type).auxiliaryTypes(type), set, null);
    }

    /** Positional parameters as a list of strings. */
    static PositionalParamSpec.Builder positionals(Consumer<List<String>> set) {
        return positionals(String.class, set);
    }

    /** Positional parameters as a list of {@code element}. */
    static <T> PositionalParamSpec.Builder positionals(Class<T> element, Consumer<List<T>> set) {
        return bind(PositionalParamSpec.builder().type(List.class).auxiliaryTypes(element), set, null);
    }

    private static <T> OptionSpec.Builder bind(OptionSpec.Builder builder, Consumer<T> set, T first) {
        Binding<T> binding = new Binding<>(set, first);
        return builder.getter(binding).setter(binding).hasInitialValue(false);
    }

    private static <T> PositionalParamSpec.Builder bind(PositionalParamSpec.Builder builder, Consumer<T> set, T first) {
        Binding<T> binding = new Binding<>(set, first);
        return builder.getter(binding).setter(binding).hasInitialValue(false);
    }

    /**
     * What picocli reads and writes an option through. It keeps the last value it passed on:
     * picocli reads it back to add to a repeated option's list.
     */
    private static final class Binding<T> implements IGetter, ISetter {
        private final Consumer<T> target;
        private T value;

        Binding(Consumer<T> target, T first) {
            this.target = target;
            this.value = first;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V get() {
            return (V) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V set(V newValue) {
            V old = (V) value;
            value = (T) newValue;
            target.accept(value);
            return old;
        }
    }
}
