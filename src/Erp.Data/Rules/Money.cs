using System.Globalization;
using System.Text.RegularExpressions;

namespace Erp.Data.Rules;

/// <summary>Why a typed amount was refused (<see cref="MoneyProblem.None"/> when it was accepted).</summary>
public enum MoneyProblem { None, Empty, NotAnAmount, Negative, TooManyDecimals, TooLarge }

/// <summary>
/// The one money rule: how amounts are read from forms, how they are written on pages and in
/// messages, and how large they may be. Invariant whatever the server's culture (ADR 0008): a dot
/// for decimals; commas only as thousands separators, in groups of three ("1,250.00", never "12,50");
/// two decimals on output, grouped ("1,250.00").
/// </summary>
public static partial class Money
{
    /// <summary>The largest DECIMAL(14,2) value: prices, credit limits, line and order totals must fit it.</summary>
    public const decimal Max = 999_999_999_999.99m;

    /// <summary>An amount as pages, lists and messages show it: 1,250.00.</summary>
    public static string Format(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>An amount as an input field is pre-filled with: 1250.00 (what the parser reads back unchanged).</summary>
    public static string FormatForInput(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Reads a typed amount: non-negative, at most two decimals, at most <see cref="Max"/>.</summary>
    public static MoneyProblem TryParse(string? text, out decimal amount)
    {
        amount = 0;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return MoneyProblem.Empty;
        }
        var shape = Shape().Match(trimmed);
        if (!shape.Success || (shape.Groups["whole"].Length == 0 && shape.Groups["fraction"].Length == 0))
        {
            return MoneyProblem.NotAnAmount;
        }
        if (shape.Groups["sign"].Value == "-" && HasDigitsOtherThanZero(trimmed))
        {
            return MoneyProblem.Negative;
        }
        // Decimals are counted in the text: decimal.Parse would round "1.0000000000000000000000000001" to 1.
        if (shape.Groups["fraction"].Value.TrimEnd('0').Length > 2)
        {
            return MoneyProblem.TooManyDecimals;
        }
        if (!decimal.TryParse(trimmed.Replace(",", "", StringComparison.Ordinal),
                NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed)
            || parsed > Max)
        {
            return MoneyProblem.TooLarge; // also more digits than a decimal holds
        }
        if (parsed == 0)
        {
            parsed = 0m; // "-0" is zero, not a negative zero
        }
        amount = parsed;
        return MoneyProblem.None;
    }

    /// <summary>The message for a refused amount, naming the field by its label ("Unit price").</summary>
    public static string Message(MoneyProblem problem, string label) => problem switch
    {
        MoneyProblem.Empty => $"{label} is required.",
        MoneyProblem.NotAnAmount => $"{label} must be an amount like 1250.00 or 1,250.00.",
        MoneyProblem.Negative => $"{label} cannot be negative.",
        MoneyProblem.TooManyDecimals => $"{label} has at most 2 decimal places.",
        MoneyProblem.TooLarge => $"{label} must be at most {Format(Max)}.",
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "Not a refusal."),
    };

    private static bool HasDigitsOtherThanZero(string text) => text.Any(c => c is >= '1' and <= '9');

    // ASCII digits only (\d would take Arabic-Indic and other digits); commas strictly between groups of three.
    [GeneratedRegex(@"^(?<sign>[+-])?(?<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.(?<fraction>[0-9]*))?$")]
    private static partial Regex Shape();
}

/// <summary>The one rule for whole quantities (stock, order lines): the limit and how they are written.</summary>
public static class Quantities
{
    /// <summary>The most units one line, one adjustment, an opening stock or a reorder level may hold.</summary>
    public const int Max = 1_000_000;

    /// <summary>A count as pages show it: 1,250 (invariant, whatever the server's culture).</summary>
    public static string Format(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A change of stock with its sign: +5, -1,250, 0.</summary>
    public static string FormatSigned(long delta) => delta.ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture);
}
