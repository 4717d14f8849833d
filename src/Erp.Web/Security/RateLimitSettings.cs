namespace Erp.Web.Security;

/// <summary>One set of the three chained tiers: a token bucket for bursts, a sliding minute, a sliding hour.</summary>
public sealed class RateLimitTiers
{
    /// <summary>Token bucket size: requests allowed at once.</summary>
    public int Burst { get; set; } = 100;

    /// <summary>Tokens put back every <see cref="BurstPeriod"/>.</summary>
    public int BurstRefill { get; set; } = 20;

    public TimeSpan BurstPeriod { get; set; } = TimeSpan.FromSeconds(1);

    public int PerMinute { get; set; } = 1200;

    public int PerHour { get; set; } = 20000;
}

/// <summary>A named set of limits (<c>RateLimits:Profiles:{name}</c>); <c>RateLimits:Profile</c> picks one.</summary>
public sealed class RateLimitProfile
{
    /// <summary>Every request except the ones below, per signed-in user, else per client address.</summary>
    public RateLimitTiers Requests { get; set; } = new();

    /// <summary><c>POST /login</c>, per client address: stricter.</summary>
    public RateLimitTiers Login { get; set; } = new() { Burst = 5, BurstRefill = 1, BurstPeriod = TimeSpan.FromSeconds(5), PerMinute = 20, PerHour = 200 };

    /// <summary>Failed sign-ins per client address in a sliding hour before that address may not sign in at all.</summary>
    public int LoginFailuresPerHour { get; set; } = 50;
}

/// <summary>The section <c>RateLimits</c> (ADR 0013).</summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    /// <summary>Only the benchmark turns the limiter off, to measure what it costs.</summary>
    public bool Enabled { get; init; } = true;

    public string Profile { get; init; } = "Standard";

    public RateLimitProfile Limits { get; init; } = new();

    public static RateLimitSettings Read(IConfiguration config)
    {
        var section = config.GetSection(Section);
        var name = section["Profile"] ?? "Standard";
        var profile = section.GetSection($"Profiles:{name}");
        if (!profile.Exists())
        {
            throw new InvalidOperationException(
                $"RateLimits:Profile is '{name}', but there is no section RateLimits:Profiles:{name}.");
        }
        var limits = profile.Get<RateLimitProfile>() ?? new RateLimitProfile();
        foreach (var (tier, values) in new[] { ("Requests", limits.Requests), ("Login", limits.Login) })
        {
            if (values.Burst < 1 || values.BurstRefill < 1 || values.BurstPeriod <= TimeSpan.Zero || values.PerMinute < 1 || values.PerHour < 1)
            {
                throw new InvalidOperationException($"RateLimits:Profiles:{name}:{tier}: every limit must be at least 1 and the period positive.");
            }
        }
        if (limits.LoginFailuresPerHour < 1)
        {
            throw new InvalidOperationException($"RateLimits:Profiles:{name}:LoginFailuresPerHour must be at least 1.");
        }
        return new RateLimitSettings { Enabled = section.GetValue("Enabled", true), Profile = name, Limits = limits };
    }
}
