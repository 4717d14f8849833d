namespace Erp.Data.Orders;

public enum OrderOutcome
{
    Done,
    NotFound,
    /// <summary>The order's version moved on since the caller read it (HTTP 409).</summary>
    Stale,
    /// <summary>Not possible in the order's current state, e.g. an invalid transition or short stock (HTTP 409).</summary>
    Conflict,
    /// <summary>Refused by a business rule about the input: no lines, credit limit, total too large (HTTP 422).</summary>
    Invalid,
}

/// <summary>What an order write did. Field names the input a refusal is about (e.g. "Quantity"), if any.</summary>
public sealed record OrderResult(OrderOutcome Outcome, string? Message = null, string? Field = null, long? Id = null)
{
    public static OrderResult Done(long? id = null) => new(OrderOutcome.Done, Id: id);

    public bool Succeeded => Outcome == OrderOutcome.Done;
}

/// <summary>Thrown inside a unit of work to roll it back and answer with <see cref="Result"/>.</summary>
internal sealed class OrderRefusedException(OrderResult result) : Exception(result.Message)
{
    public OrderResult Result { get; } = result;
}
