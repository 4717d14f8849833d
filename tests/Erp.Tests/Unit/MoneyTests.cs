using System.Globalization;
using Erp.Data.Rules;

namespace Erp.Tests.Unit;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("1,250.00", 1250.00)]
    [InlineData("1250", 1250)]
    [InlineData(" 1250.5 ", 1250.5)]
    [InlineData("12,345,678.90", 12345678.90)]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData(".5", 0.5)]
    [InlineData("1.230", 1.23)]
    [InlineData("999,999,999,999.99", 999999999999.99)]
    public void Accepts_plain_and_grouped_amounts(string text, double expected)
    {
        Assert.Equal(MoneyProblem.None, Money.TryParse(text, out var amount));
        Assert.Equal((decimal)expected, amount);
    }

    [Theory]
    [InlineData("", MoneyProblem.Empty)]
    [InlineData("   ", MoneyProblem.Empty)]
    [InlineData("12,50", MoneyProblem.NotAnAmount)] // a decimal comma, not 1,250
    [InlineData("1,25", MoneyProblem.NotAnAmount)]
    [InlineData("1,2500", MoneyProblem.NotAnAmount)]
    [InlineData("1e3", MoneyProblem.NotAnAmount)]
    [InlineData("1 250", MoneyProblem.NotAnAmount)]
    [InlineData("1.250,00", MoneyProblem.NotAnAmount)]
    [InlineData("$5", MoneyProblem.NotAnAmount)]
    [InlineData(".", MoneyProblem.NotAnAmount)]
    [InlineData("-", MoneyProblem.NotAnAmount)]
    [InlineData("١٢", MoneyProblem.NotAnAmount)] // Arabic-Indic digits
    [InlineData("-1", MoneyProblem.Negative)]
    [InlineData("-0.01", MoneyProblem.Negative)]
    [InlineData("1.234", MoneyProblem.TooManyDecimals)]
    [InlineData("1.0000000000000000000000000000001", MoneyProblem.TooManyDecimals)] // decimal.Parse would round it to 1
    [InlineData("1000000000000", MoneyProblem.TooLarge)]
    [InlineData("1,000,000,000,000.00", MoneyProblem.TooLarge)]
    [InlineData("99999999999999999999999999999999999", MoneyProblem.TooLarge)] // beyond decimal itself
    public void Refuses_what_DECIMAL_14_2_cannot_hold_or_what_is_not_an_amount(string text, MoneyProblem problem) =>
        Assert.Equal(problem, Money.TryParse(text, out _));

    [Fact]
    public void Formats_invariantly_with_grouping_and_two_decimals_whatever_the_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            Assert.Equal("1,250.00", Money.Format(1250m));
            Assert.Equal("0.50", Money.Format(0.5m));
            Assert.Equal("999,999,999,999.99", Money.Format(Money.Max));
            Assert.Equal("1250.00", Money.FormatForInput(1250m));
            Assert.Equal("1,250", Quantities.Format(1250));
            Assert.Equal("-1,250", Quantities.FormatSigned(-1250));
            Assert.Equal("+5", Quantities.FormatSigned(5));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void What_the_formatter_writes_the_parser_reads_back()
    {
        foreach (var amount in new[] { 0m, 0.01m, 12.5m, 1250m, 1_234_567.89m, Money.Max })
        {
            Assert.Equal(MoneyProblem.None, Money.TryParse(Money.Format(amount), out var shown));
            Assert.Equal(amount, shown);
            Assert.Equal(MoneyProblem.None, Money.TryParse(Money.FormatForInput(amount), out var edited));
            Assert.Equal(amount, edited);
        }
    }
}
