using System.Collections.Frozen;
using System.Text;

namespace Vouchers.Domain.Common;

/// <summary>
/// A transition table for an entity's lifecycle: the single source of truth for what can happen in which state.
/// Configure it once with <see cref="Permit(TState, TTrigger, TState)"/> / <see cref="PermitFrom(IEnumerable{TState}, TTrigger, TState)"/>
/// (typically as a <c>static readonly</c> field), then ask it to <see cref="Fire"/> triggers, list what is permitted
/// now, or draw itself. The machine holds no current state: the entity stores its state and passes it in.
/// </summary>
/// <remarks>
/// <para>Guards: a transition may carry a guard with a stable <c>guardName</c> (the <see cref="BusinessRuleException"/>
/// rule code when it refuses) and a human <c>guardDescription</c> (used in messages and diagrams). Several transitions
/// may share a (from, trigger) pair only if each of them is guarded by a different guard; the guards must be mutually
/// exclusive, which is checked when fired (two passing guards is a configuration error, never a silent choice).</para>
/// <para>Threading: configuration is single-threaded; the first query (Fire, PermittedTriggers, Transitions, diagrams...)
/// freezes the table, after which it is immutable and safe for concurrent use. Configuring a frozen machine throws.</para>
/// </remarks>
/// <typeparam name="TState">The entity's state enum.</typeparam>
/// <typeparam name="TTrigger">The enum of things that can happen to the entity.</typeparam>
/// <typeparam name="TContext">What guards look at (usually the entity itself, or a snapshot with the clock's "now").</typeparam>
public sealed class StateMachine<TState, TTrigger, TContext>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    /// <summary>One row of the table. <see cref="GuardName"/> and <see cref="GuardDescription"/> are null when unguarded.</summary>
    public sealed record Transition(TState From, TTrigger Trigger, TState To, string? GuardName, string? GuardDescription)
    {
        /// <summary>True when the transition only applies if its guard passes.</summary>
        public bool IsGuarded => GuardName is not null;
    }

    private sealed record Row(Transition Transition, Func<TContext, bool>? Guard)
    {
        public bool Allows(TContext context) => Guard is null || Guard(context);
    }

    private sealed class CompiledTable(
        IReadOnlyList<Transition> transitions,
        FrozenDictionary<(TState, TTrigger), Row[]> byKey,
        FrozenDictionary<TState, Row[]> byState,
        IReadOnlyList<TState> terminal)
    {
        public IReadOnlyList<Transition> Transitions { get; } = transitions;
        public FrozenDictionary<(TState, TTrigger), Row[]> ByKey { get; } = byKey;
        public FrozenDictionary<TState, Row[]> ByState { get; } = byState;
        public IReadOnlyList<TState> Terminal { get; } = terminal;
    }

    private static readonly IReadOnlyList<TState> AllStates = Enum.GetValues<TState>().Distinct().ToArray().AsReadOnly();

    private readonly object _gate = new();
    private readonly List<Row> _rows = [];
    private readonly Dictionary<string, string> _guardDescriptions = new(StringComparer.Ordinal);
    private volatile CompiledTable? _frozen;

    /// <summary>Creates an empty table for the entity named <paramref name="entityName"/> (e.g. <c>voucher</c>), used in error codes and messages.</summary>
    public StateMachine(string entityName)
    {
        if (string.IsNullOrWhiteSpace(entityName))
            throw new ArgumentException("An entity name is required.", nameof(entityName));
        EntityName = entityName;
    }

    /// <summary>The entity name given at construction; <see cref="IllegalTransitionException"/> codes are <c>{EntityName}.illegal-transition</c>.</summary>
    public string EntityName { get; }

    // ---------------------------------------------------------------- configuration

    /// <summary>Permits <paramref name="trigger"/> to move the entity from <paramref name="from"/> to <paramref name="to"/> unconditionally.</summary>
    /// <exception cref="InvalidOperationException">The (from, trigger) pair is already configured, or the machine is frozen.</exception>
    public StateMachine<TState, TTrigger, TContext> Permit(TState from, TTrigger trigger, TState to)
    {
        Add(from, trigger, to, null, null, null);
        return this;
    }

    /// <summary>
    /// Permits <paramref name="trigger"/> to move the entity from <paramref name="from"/> to <paramref name="to"/> when
    /// <paramref name="guard"/> passes. When it does not, <see cref="Fire"/> throws a <see cref="BusinessRuleException"/>
    /// whose rule is <paramref name="guardName"/> and whose message includes <paramref name="guardDescription"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The pair is already configured unguarded or with the same guard, the guard name was used
    /// elsewhere with another description, or the machine is frozen.</exception>
    public StateMachine<TState, TTrigger, TContext> Permit(
        TState from, TTrigger trigger, TState to,
        Func<TContext, bool> guard, string guardName, string guardDescription)
    {
        ValidateGuard(guard, guardName, guardDescription);
        Add(from, trigger, to, guard, guardName, guardDescription);
        return this;
    }

    /// <summary>Permits <paramref name="trigger"/> from each of <paramref name="from"/> to <paramref name="to"/> unconditionally (one row per source state, in the given order).</summary>
    public StateMachine<TState, TTrigger, TContext> PermitFrom(IEnumerable<TState> from, TTrigger trigger, TState to)
    {
        foreach (var state in Sources(from))
            Add(state, trigger, to, null, null, null);
        return this;
    }

    /// <summary>Permits <paramref name="trigger"/> from each of <paramref name="from"/> to <paramref name="to"/> when <paramref name="guard"/> passes.</summary>
    public StateMachine<TState, TTrigger, TContext> PermitFrom(
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
                throw new InvalidOperationException($"The {EntityName} state machine is already in use and can no longer be configured.");

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
                _guardDescriptions[guardName] = guardDescription!;
            }

            _rows.Add(new Row(new Transition(from, trigger, to, guardName, guardDescription), guard));
        }
    }

    private CompiledTable Table => _frozen ?? Freeze();

    private CompiledTable Freeze()
    {
        lock (_gate)
        {
            if (_frozen is not null) return _frozen;
            var rows = _rows.ToArray();
            var byKey = rows.GroupBy(r => (r.Transition.From, r.Transition.Trigger)).ToFrozenDictionary(g => g.Key, g => g.ToArray());
            var byState = rows.GroupBy(r => r.Transition.From).ToFrozenDictionary(g => g.Key, g => g.ToArray());
            var terminal = AllStates.Where(s => !byState.ContainsKey(s)).ToArray().AsReadOnly();
            _frozen = new CompiledTable(rows.Select(r => r.Transition).ToArray().AsReadOnly(), byKey, byState, terminal);
            return _frozen;
        }
    }

    // ---------------------------------------------------------------- use

    /// <summary>
    /// Returns the state that <paramref name="trigger"/> leads to from <paramref name="current"/>. Never a no-op: it either
    /// returns a target state or throws.
    /// </summary>
    /// <exception cref="IllegalTransitionException">No transition exists for (current, trigger); carries the triggers permitted now.</exception>
    /// <exception cref="BusinessRuleException">Transitions exist but every guard refused; the rule is the first refusing guard's name.</exception>
    /// <exception cref="InvalidOperationException">More than one guard passed: the guards are not exclusive (a configuration error).</exception>
    public TState Fire(TState current, TTrigger trigger, TContext context)
    {
        var table = Table;
        if (!table.ByKey.TryGetValue((current, trigger), out var rows))
            throw new IllegalTransitionException(EntityName, current.ToString(), trigger.ToString(),
                PermittedTriggers(current, context).Select(t => t.ToString()).ToArray());

        Row? chosen = null;
        foreach (var row in rows)
        {
            if (!row.Allows(context)) continue;
            if (chosen is not null)
                throw new InvalidOperationException(
                    $"{EntityName}: '{trigger}' from '{current}' is allowed by both guard '{chosen.Transition.GuardName}' and guard '{row.Transition.GuardName}'; guards sharing a state and trigger must be exclusive.");
            chosen = row;
        }

        if (chosen is null)
        {
            var refused = rows[0].Transition;
            throw new BusinessRuleException(refused.GuardName!,
                $"{EntityName} in state '{current}' cannot '{trigger}': this condition is not met: {refused.GuardDescription}.");
        }

        return chosen.Transition.To;
    }

    /// <summary>True when some transition for (current, trigger) exists and its guard passes.</summary>
    public bool CanFire(TState current, TTrigger trigger, TContext context) =>
        Table.ByKey.TryGetValue((current, trigger), out var rows) && rows.Any(r => r.Allows(context));

    /// <summary>The triggers that would succeed from <paramref name="current"/> now (guards evaluated), distinct, in table order.</summary>
    public IReadOnlyList<TTrigger> PermittedTriggers(TState current, TContext context)
    {
        if (!Table.ByState.TryGetValue(current, out var rows))
            return [];
        var result = new List<TTrigger>();
        foreach (var row in rows)
            if (!result.Contains(row.Transition.Trigger) && row.Allows(context))
                result.Add(row.Transition.Trigger);
        return result.AsReadOnly();
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
        var table = Table;
        var reached = new HashSet<TState> { initial };
        var pending = new Queue<TState>([initial]);
        while (pending.TryDequeue(out var state))
        {
            if (!table.ByState.TryGetValue(state, out var rows)) continue;
            foreach (var row in rows)
                if (reached.Add(row.Transition.To))
                    pending.Enqueue(row.Transition.To);
        }
        return AllStates.Where(s => !reached.Contains(s)).ToArray().AsReadOnly();
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

    /// <summary>
    /// A Graphviz digraph: a point-shaped start node <c>"[*]"</c> pointing at <paramref name="initial"/>, one node per state
    /// (terminal states drawn with a double border), one edge per transition in table order. Lines end with <c>\n</c>.
    /// </summary>
    public string ToDot(TState initial, Func<TState, string>? stateLabel = null, Func<TTrigger, string>? triggerLabel = null)
    {
        var table = Table;
        var sb = new StringBuilder();
        sb.Append($"digraph \"{DotText(EntityName)}\" {{\n");
        sb.Append("    rankdir=LR;\n");
        sb.Append("    node [shape=box, style=rounded];\n");
        sb.Append("    \"[*]\" [shape=point, label=\"\"];\n");
        foreach (var state in AllStates)
        {
            var label = DotText(stateLabel is null ? state.ToString() : stateLabel(state));
            var terminal = table.Terminal.Contains(state) ? ", peripheries=2" : "";
            sb.Append($"    \"{state}\" [label=\"{label}\"{terminal}];\n");
        }
        sb.Append($"    \"[*]\" -> \"{initial}\";\n");
        foreach (var t in table.Transitions)
        {
            var trigger = DotText(triggerLabel is null ? t.Trigger.ToString() : triggerLabel(t.Trigger));
            var label = t.GuardDescription is null ? trigger : $"{trigger}\\n[{DotText(t.GuardDescription)}]";
            sb.Append($"    \"{t.From}\" -> \"{t.To}\" [label=\"{label}\"];\n");
        }
        sb.Append("}\n");
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

    /// <summary>Escapes text for a double-quoted DOT string: backslash and quote are escaped, line breaks become <c>\n</c>.</summary>
    private static string DotText(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "",
                _ => c.ToString(),
            });
        return sb.ToString();
    }
}
