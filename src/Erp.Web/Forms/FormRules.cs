using System.Globalization;
using System.Text.RegularExpressions;
using Erp.Data.Rules;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Erp.Web.Forms;

/// <summary>
/// Server-side checks for form fields that are bound as text, so a refused value is shown back
/// exactly as typed. Each check adds at most one message under the field's key (the key
/// <c>&lt;field-error for&gt;</c> reads) and returns the clean value, or default when refused.
/// Limits mirror the columns: a value the database would truncate, round or reject is refused here.
/// </summary>
public sealed partial class FormRules(ModelStateDictionary modelState, string prefix)
{
    private string Key(string field) => $"{prefix}.{field}";

    private void Refuse(string field, string message) => modelState.AddModelError(Key(field), message);

    /// <summary>Trimmed text within <paramref name="maxLength"/> characters (as MariaDB counts them); null when blank.</summary>
    public string? Text(string field, string label, string? value, int maxLength, bool required)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                Refuse(field, $"{label} is required.");
            }
            return null;
        }
        // VARCHAR(n) counts code points, not UTF-16 units (an emoji is one character there).
        var length = text.EnumerateRunes().Count();
        if (length > maxLength)
        {
            Refuse(field, $"{label} is {Quantities.Format(length)} characters long; at most {Quantities.Format(maxLength)} fit.");
            return null;
        }
        return text;
    }

    public string? Email(string field, string label, string? value, int maxLength, bool required)
    {
        var text = Text(field, label, value, maxLength, required);
        if (text is not null && !EmailShape().IsMatch(text))
        {
            Refuse(field, "Enter an email address like name@example.com.");
            return null;
        }
        return text;
    }

    /// <summary>
    /// An amount under the one money rule (<see cref="Erp.Data.Rules.Money"/>): non-negative, at most two decimals,
    /// fits DECIMAL(14,2), "1,250.00" and "1250" alike. Blank is refused when <paramref name="required"/>, else null.
    /// </summary>
    public decimal? Money(string field, string label, string? value, bool required = true)
    {
        var problem = Erp.Data.Rules.Money.TryParse(value, out var amount);
        if (problem == MoneyProblem.None)
        {
            return amount;
        }
        if (problem != MoneyProblem.Empty || required)
        {
            Refuse(field, Erp.Data.Rules.Money.Message(problem, label));
        }
        return null;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; zero refused unless allowed.</summary>
    public int? WholeNumber(string field, string label, string? value, int min, int max, bool allowZero = true)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            Refuse(field, $"{label} is required.");
            return null;
        }
        if (!CommasGroupThousands(text)
            || !long.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number))
        {
            Refuse(field, $"{label} must be a whole number.");
            return null;
        }
        if (number < min || number > max)
        {
            Refuse(field, $"{label} must be from {Quantities.Format(min)} to {Quantities.Format(max)}.");
            return null;
        }
        if (number == 0 && !allowZero)
        {
            Refuse(field, $"{label} cannot be zero.");
            return null;
        }
        return (int)number;
    }

    // .NET reads any comma as a group separator ("12,50" parses as 1250): accept commas only between groups of three.
    private static bool CommasGroupThousands(string text) => !text.Contains(',') || ThousandsGroups().IsMatch(text);

    [GeneratedRegex(@"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")]
    private static partial Regex ThousandsGroups();

    // One @, something on both sides, a dot in the domain, no spaces: what a person means by an address.
    [GeneratedRegex(@"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")]
    private static partial Regex EmailShape();
}
