namespace Erp.Web.Jobs;

/// <summary>Exponential backoff with jitter: attempt n waits between half and all of base × 2^(n-1), capped.</summary>
public static class JobBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan first, TimeSpan max, double random)
    {
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * random)));
    }
}
