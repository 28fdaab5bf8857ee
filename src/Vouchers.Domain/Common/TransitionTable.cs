using System.Text;
using Stateless;
using Stateless.Reflection;

namespace Vouchers.Domain.Common;

/// <summary>
/// A transition table for an entity's lifecycle: the single source of truth for what can happen in which state.
/// Configure it once with <see cref="Permit(TState, TTrigger, TState)"/> / <see cref="PermitFrom(IEnumerable{TState}, TTrigger, TState)"/>
/// (typically as a <c>static readonly</c> field). The engine that fires triggers is Stateless: each entity instance gets
/// its own <see cref="Machine"/>, built from this table by <see cref="MachineFor"/>, which reads and writes the state
/// the entity stores. The table itself lists its transitions, states and terminal states and draws itself.
/// </summary>
/// <remarks>
/// <para>Guards: a transition may carry a guard with a stable <c>guardName</c> (the <see cref="BusinessRuleException"/>
/// rule code when it refuses) and a human <c>guardDescription</c> (Stateless's guard description, used in messages and
/// diagrams; one rule name, one description, both ways). Several transitions may share a (from, trigger) pair only if
/// each of them is guarded by a different guard; the guards must be mutually exclusive, which Stateless checks when
/// fired (two passing guards is a configuration error, never a silent choice).</para>
/// <para>Threading: configuration is single-threaded; the first query (a machine, Transitions, diagrams...) freezes the
/// table, after which it is immutable and safe for concurrent use. Configuring a frozen table throws. A
/// <see cref="Machine"/> belongs to one entity instance and is not thread-safe, as the entity is not.</para>
/// </remarks>
/// <typeparam name="TState">The entity's state enum.</typeparam>
/// <typeparam name="TTrigger">The enum of things that can happen to the entity.</typeparam>
/// <typeparam name="TContext">What guards look at (usually a snapshot with the clock's "now"); every trigger carries it as its Stateless parameter.</typeparam>
public sealed class TransitionTable<TState, TTrigger, TContext>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    /// <summary>One row of the table. <see cref="GuardName"/> and <see cref="GuardDescription"/> are null when unguarded.</summary>
    public sealed record Transition(TState From, TTrigger Trigger, TState To, string? GuardName, string? GuardDescription)
    {
        /// <summary>True when the transition only applies if its guard passes.</summary>
        public bool IsGuarded => GuardName is not null;
    }

    internal sealed record Row(Transition Transition, Func<TContext, bool>? Guard);

    internal sealed class FrozenTable(Row[] rows, IReadOnlyList<Transition> transitions, IReadOnlyList<TState> terminal,
        IReadOnlyDictionary<string, string> ruleByDescription)
    {
        public Row[] Rows { get; } = rows;
        public IReadOnlyList<Transition> Transitions { get; } = transitions;
        public IReadOnlyList<TState> Terminal { get; } = terminal;
        public IReadOnlyDictionary<string, string> RuleByDescription { get; } = ruleByDescription;
    }

    private static readonly IReadOnlyList<TState> AllStates = Enum.GetValues<TState>().Distinct().ToArray().AsReadOnly();

    private readonly object _gate = new();
    private readonly List<Row> _rows = [];
    private readonly Dictionary<string, string> _guardDescriptions = new(StringComparer.Ordinal);
    private volatile FrozenTable? _frozen;

    /// <summary>Creates an empty table for the entity named <paramref name="entityName"/> (e.g. <c>voucher</c>), used in error codes and messages.</summary>
    public TransitionTable(string entityName)
    {
        if (string.IsNullOrWhiteSpace(entityName))
            throw new ArgumentException("An entity name is required.", nameof(entityName));
        EntityName = entityName;
    }

    /// <summary>The entity name given at construction; <see cref="IllegalTransitionException"/> codes are <c>{EntityName}.illegal-transition</c>.</summary>
    public string EntityName { get; }

    // ---------------------------------------------------------------- configuration

    /// <summary>Permits <paramref name="trigger"/> to move the entity from <paramref name="from"/> to <paramref name="to"/> unconditionally.</summary>
    /// <exception cref="InvalidOperationException">The (from, trigger) pair is already configured, or the table is frozen.</exception>
    public TransitionTable<TState, TTrigger, TContext> Permit(TState from, TTrigger trigger, TState to)
    {
        Add(from, trigger, to, null, null, null);
        return this;
    }

    /// <summary>
    /// Permits <paramref name="trigger"/> to move the entity from <paramref name="from"/> to <paramref name="to"/> when
    /// <paramref name="guard"/> passes. When it does not, <see cref="Machine.Fire"/> throws a <see cref="BusinessRuleException"/>
    /// whose rule is <paramref name="guardName"/> and whose message includes <paramref name="guardDescription"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The pair is already configured unguarded or with the same guard, the guard name was used
    /// elsewhere with another description (or the description with another name), or the table is frozen.</exception>
    public TransitionTable<TState, TTrigger, TContext> Permit(
        TState from, TTrigger trigger, TState to,
        Func<TContext, bool> guard, string guardName, string guardDescription)
    {
        ValidateGuard(guard, guardName, guardDescription);
        Add(from, trigger, to, guard, guardName, guardDescription);
        return this;
    }

    /// <summary>Permits <paramref name="trigger"/> from each of <paramref name="from"/> to <paramref name="to"/> unconditionally (one row per source state, in the given order).</summary>
    public TransitionTable<TState, TTrigger, TContext> PermitFrom(IEnumerable<TState> from, TTrigger trigger, TState to)
    {
        foreach (var state in Sources(from))
            Add(state, trigger, to, null, null, null);
        return this;
    }

    /// <summary>Permits <paramref name="trigger"/> from each of <paramref name="from"/> to <paramref name="to"/> when <paramref name="guard"/> passes.</summary>
    public TransitionTable<TState, TTrigger, TContext> PermitFrom(
        IEnumerable<TState> from, TTrigger trigger, TState to,
        Func<TContext, bool> guard, string guardName, string guardDescription)
    {
        ValidateGuard(guard, guardName, guardDescription);
        foreach (var state in Sources(from))
            Add(state, trigger, to, guard, guardName, guardDescription);
        return this;
    }

    private static TState[] Sources(IEnumerable<TState> from)
    {
        ArgumentNullException.ThrowIfNull(from);
        var states = from.ToArray();
        if (states.Length == 0)
            throw new ArgumentException("At least one source state is required.", nameof(from));
        return states;
    }

    private static void ValidateGuard(Func<TContext, bool> guard, string guardName, string guardDescription)
    {
        ArgumentNullException.ThrowIfNull(guard);
        if (string.IsNullOrWhiteSpace(guardName))
            throw new ArgumentException("A guarded transition needs a guard name (its business rule code).", nameof(guardName));
        if (string.IsNullOrWhiteSpace(guardDescription))
            throw new ArgumentException("A guarded transition needs a human description of its guard.", nameof(guardDescription));
    }

    private void Add(TState from, TTrigger trigger, TState to, Func<TContext, bool>? guard, string? guardName, string? guardDescription)
    {
        if (!Enum.IsDefined(from)) throw new ArgumentOutOfRangeException(nameof(from), from, $"Not a defined {typeof(TState).Name}.");
        if (!Enum.IsDefined(to)) throw new ArgumentOutOfRangeException(nameof(to), to, $"Not a defined {typeof(TState).Name}.");
        if (!Enum.IsDefined(trigger)) throw new ArgumentOutOfRangeException(nameof(trigger), trigger, $"Not a defined {typeof(TTrigger).Name}.");

        lock (_gate)
        {
            if (_frozen is not null)
                throw new InvalidOperationException($"The {EntityName} transition table is already in use and can no longer be configured.");

            foreach (var row in _rows)
            {
                var t = row.Transition;
                if (!EqualityComparer<TState>.Default.Equals(t.From, from) || !EqualityComparer<TTrigger>.Default.Equals(t.Trigger, trigger))
                    continue;
                if (t.GuardName is null || guardName is null)
                    throw new InvalidOperationException(
                        $"{EntityName}: '{trigger}' from '{from}' is configured more than once; several transitions for one state and trigger must each have their own guard.");
                if (t.GuardName == guardName)
                    throw new InvalidOperationException(
                        $"{EntityName}: '{trigger}' from '{from}' is configured twice with the same guard '{guardName}'.");
            }

            if (guardName is not null)
            {
                if (_guardDescriptions.TryGetValue(guardName, out var known) && known != guardDescription)
                    throw new InvalidOperationException(
                        $"{EntityName}: guard '{guardName}' is described both as '{known}' and as '{guardDescription}'; one rule name, one description.");
                // Stateless names an unmet guard by its description: the description must lead back to one rule
                foreach (var (name, description) in _guardDescriptions)
                    if (description == guardDescription && name != guardName)
                        throw new InvalidOperationException(
                            $"{EntityName}: guards '{name}' and '{guardName}' are both described as '{guardDescription}'; one description, one rule name.");
                _guardDescriptions[guardName] = guardDescription!;
            }

            _rows.Add(new Row(new Transition(from, trigger, to, guardName, guardDescription), guard));
        }
    }

    private FrozenTable Table => _frozen ?? Freeze();

    private FrozenTable Freeze()
    {
        lock (_gate)
        {
            if (_frozen is not null) return _frozen;
            var rows = _rows.ToArray();
            var sources = rows.Select(r => r.Transition.From).ToHashSet();
            var terminal = AllStates.Where(s => !sources.Contains(s)).ToArray().AsReadOnly();
            var rules = _guardDescriptions.ToDictionary(g => g.Value, g => g.Key, StringComparer.Ordinal);
            _frozen = new FrozenTable(rows, rows.Select(r => r.Transition).ToArray().AsReadOnly(), terminal, rules);
            return _frozen;
        }
    }

    // ---------------------------------------------------------------- the engine: Stateless, built from the table

    /// <summary>
    /// One machine per thread over a swappable state, for questions only ("what may happen now?"): building a machine
    /// per entity costs about 0.1 ms and 27 KB (ADR 0013), which a page of 100 listed vouchers would pay 100 times for a
    /// question whose answer needs no entity at all. Its state mutator refuses: nothing fires through it.
    /// </summary>
    private sealed class Reader
    {
        public TState State;
        public Machine Machine = null!;
    }

    private ThreadLocal<Reader>? _readers;

    private Reader ReaderOn(TState state)
    {
        if (_readers is null) Interlocked.CompareExchange(ref _readers, new ThreadLocal<Reader>(() =>
        {
            var reader = new Reader();
            reader.Machine = new Machine(this, Table, () => reader.State,
                _ => throw new InvalidOperationException($"{EntityName}: a question does not move the state."));
            return reader;
        }), null);
        var r = _readers.Value!;
        r.State = state;
        return r;
    }

    /// <summary>The triggers that would succeed from <paramref name="state"/> now (guards evaluated), in table order: the same answer as an entity's own machine gives, without building one.</summary>
    public IReadOnlyList<TTrigger> PermittedTriggers(TState state, TContext context) => ReaderOn(state).Machine.PermittedTriggers(context);

    /// <summary>True when <paramref name="trigger"/> would succeed from <paramref name="state"/> now, without building an entity's machine.</summary>
    public bool CanFire(TState state, TTrigger trigger, TContext context) => ReaderOn(state).Machine.CanFire(trigger, context);

    /// <summary>
    /// A Stateless machine for one entity instance, configured from this table: every trigger takes the guard context as
    /// its parameter, an unguarded row is <c>Permit</c>, a guarded one <c>PermitIf</c> with the guard's description. The
    /// state stays where the entity keeps it (<paramref name="state"/> reads it, <paramref name="setState"/> writes it).
    /// Building one allocates the whole configuration (one object graph per instance): build it once per entity instance.
    /// </summary>
    public Machine MachineFor(Func<TState> state, Action<TState> setState)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(setState);
        return new Machine(this, Table, state, setState);
    }

    /// <summary>
    /// One entity's lifecycle engine: Stateless underneath, with the table's error contract on top. An unhandled trigger
    /// (Stateless's <c>OnUnhandledTrigger</c>) becomes an <see cref="IllegalTransitionException"/> naming what is permitted
    /// now, or, when the trigger exists but its guards refused, a <see cref="BusinessRuleException"/> whose rule is the first
    /// unmet guard's name (looked up from the description Stateless reports).
    /// </summary>
    public sealed class Machine
    {
        private readonly TransitionTable<TState, TTrigger, TContext> _table;
        private readonly IReadOnlyDictionary<string, string> _ruleByDescription;
        private readonly StateMachine<TState, TTrigger> _machine;
        private readonly Dictionary<TTrigger, StateMachine<TState, TTrigger>.TriggerWithParameters<TContext>> _triggers = [];
        private TContext? _firing;

        internal Machine(TransitionTable<TState, TTrigger, TContext> table, FrozenTable frozen, Func<TState> state, Action<TState> setState)
        {
            _table = table;
            _ruleByDescription = frozen.RuleByDescription;
            _machine = new StateMachine<TState, TTrigger>(state, setState);
            foreach (var trigger in Enum.GetValues<TTrigger>())
                _triggers.TryAdd(trigger, _machine.SetTriggerParameters<TContext>(trigger));
            foreach (var row in frozen.Rows)
            {
                var (from, trigger, to, _, description) = row.Transition;
                var configuration = _machine.Configure(from);
                var same = EqualityComparer<TState>.Default.Equals(from, to);
                if (row.Guard is not { } guard)
                    _ = same ? configuration.PermitReentry(trigger) : configuration.Permit(trigger, to);
                else if (same)
                    configuration.PermitReentryIf(_triggers[trigger], guard, description);
                else
                    configuration.PermitIf(_triggers[trigger], to, guard, description);
            }
            _machine.OnUnhandledTrigger((current, trigger, unmetGuards) => throw Refusal(current, trigger, unmetGuards, _firing!));
        }

        /// <summary>The entity's current state, as the state accessor reads it.</summary>
        public TState State => _machine.State;

        /// <summary>
        /// Fires <paramref name="trigger"/>: the state moves through the state mutator, and the new state is returned. Never a
        /// no-op: it either moves or throws, and when it throws the state is unchanged.
        /// </summary>
        /// <exception cref="IllegalTransitionException">No transition exists for (state, trigger); carries the triggers permitted now.</exception>
        /// <exception cref="BusinessRuleException">Transitions exist but every guard refused; the rule is the first refusing guard's name.</exception>
        /// <exception cref="InvalidOperationException">More than one guard passed: the guards are not exclusive (a configuration error).</exception>
        public TState Fire(TTrigger trigger, TContext context)
        {
            _firing = context;
            try
            {
                _machine.Fire(_triggers[trigger], context);
            }
            finally
            {
                _firing = default;
            }
            return _machine.State;
        }

        /// <summary>Throws what <see cref="Fire"/> would throw, without moving.</summary>
        public void EnsureCanFire(TTrigger trigger, TContext context)
        {
            if (!_machine.CanFire(_triggers[trigger], context, out var unmetGuards))
                throw Refusal(_machine.State, trigger, unmetGuards, context);
        }

        /// <summary>True when some transition for (state, trigger) exists and its guard passes.</summary>
        public bool CanFire(TTrigger trigger, TContext context) => _machine.CanFire(_triggers[trigger], context);

        /// <summary>
        /// The triggers that would succeed now (guards evaluated), distinct, in table order. Read through Stateless's
        /// <c>GetPermittedTriggersAsync</c>: its synchronous twins are obsolete and, in 5.20, hop to the thread pool. The table
        /// configures only synchronous guards, so the task is always complete when it returns.
        /// </summary>
        public IReadOnlyList<TTrigger> PermittedTriggers(TContext context)
        {
            var permitted = _machine.GetPermittedTriggersAsync(context);
            if (!permitted.IsCompleted)
                throw new InvalidOperationException($"{_table.EntityName}: a guard ran asynchronously; the transition table configures synchronous guards only.");
            return permitted.GetAwaiter().GetResult().ToArray();
        }

        /// <summary>Stateless's own description of the configured machine (states, transitions, guard descriptions), e.g. for its graph formatters.</summary>
        public StateMachineInfo GetInfo() => _machine.GetInfo();

        private DomainException Refusal(TState state, TTrigger trigger, ICollection<string>? unmetGuards, TContext context)
        {
            if (unmetGuards is { Count: > 0 })
            {
                var description = unmetGuards.First();
                return new BusinessRuleException(_ruleByDescription[description],
                    $"{_table.EntityName} in state '{state}' cannot '{trigger}': this condition is not met: {description}.");
            }
            return new IllegalTransitionException(_table.EntityName, state.ToString(), trigger.ToString(),
                PermittedTriggers(context).Select(t => t.ToString()).ToArray());
        }
    }

    // ---------------------------------------------------------------- introspection

    /// <summary>Every configured transition, in the order it was configured.</summary>
    public IReadOnlyList<Transition> Transitions => Table.Transitions;

    /// <summary>Every value of <typeparamref name="TState"/>, in enum order.</summary>
    public IReadOnlyList<TState> States => AllStates;

    /// <summary>States with no outgoing transition (whatever the guards), in enum order.</summary>
    public IReadOnlyList<TState> TerminalStates => Table.Terminal;

    /// <summary>States that no chain of transitions (guards ignored) leads to from <paramref name="initial"/>, in enum order.</summary>
    public IReadOnlyList<TState> UnreachableStates(TState initial)
    {
        var reached = ShortestPaths(initial);
        return AllStates.Where(s => !reached.ContainsKey(s)).ToArray().AsReadOnly();
    }

    /// <summary>
    /// For every state a chain of transitions (guards ignored) leads to from <paramref name="initial"/>, the shortest
    /// such chain's triggers (none for <paramref name="initial"/> itself): a breadth-first walk of the table, which takes
    /// transitions in table order, so of two chains of one length the one configured first wins.
    /// </summary>
    public IReadOnlyDictionary<TState, IReadOnlyList<TTrigger>> ShortestPaths(TState initial)
    {
        var transitions = Table.Transitions;
        var paths = new Dictionary<TState, IReadOnlyList<TTrigger>> { [initial] = [] };
        var pending = new Queue<TState>([initial]);
        while (pending.TryDequeue(out var state))
            foreach (var t in transitions)
                if (EqualityComparer<TState>.Default.Equals(t.From, state) && !paths.ContainsKey(t.To))
                {
                    paths[t.To] = [.. paths[state], t.Trigger];
                    pending.Enqueue(t.To);
                }
        return paths;
    }

    // ---------------------------------------------------------------- diagrams

    /// <summary>
    /// A Mermaid <c>stateDiagram-v2</c>: optional <c>state "Label" as Id</c> lines, <c>[*] --&gt; initial</c>, one line per
    /// transition in table order (<c>A --&gt; B : Trigger [guard description]</c>), then <c>T --&gt; [*]</c> for each terminal state.
    /// Lines end with <c>\n</c>; labels are escaped with Mermaid entity codes.
    /// </summary>
    public string ToMermaid(TState initial, Func<TState, string>? stateLabel = null, Func<TTrigger, string>? triggerLabel = null)
    {
        var table = Table;
        var sb = new StringBuilder("stateDiagram-v2\n");
        if (stateLabel is not null)
            foreach (var state in AllStates)
                sb.Append($"    state \"{MermaidText(stateLabel(state))}\" as {state}\n");
        sb.Append($"    [*] --> {initial}\n");
        foreach (var t in table.Transitions)
            sb.Append($"    {t.From} --> {t.To} : {MermaidText(EdgeLabel(t, triggerLabel))}\n");
        foreach (var state in table.Terminal)
            sb.Append($"    {state} --> [*]\n");
        return sb.ToString();
    }

    private static string EdgeLabel(Transition t, Func<TTrigger, string>? triggerLabel)
    {
        var trigger = triggerLabel is null ? t.Trigger.ToString() : triggerLabel(t.Trigger);
        return t.GuardDescription is null ? trigger : $"{trigger} [{t.GuardDescription}]";
    }

    /// <summary>Mermaid entity codes for characters that would end or break a label; line breaks become spaces.</summary>
    private static string MermaidText(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            sb.Append(c switch
            {
                '"' => "#quot;",
                '#' => "#35;",
                ';' => "#59;",
                '\r' or '\n' => " ",
                _ => c.ToString(),
            });
        return sb.ToString();
    }
}
