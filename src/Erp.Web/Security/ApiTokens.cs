using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Erp.Data.Users;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Erp.Web.Security;

/// <summary>The <c>Jwt</c> section: the API's token signing key, issuer, audience and lifetime (at most 15 minutes).</summary>
public sealed record JwtSettings(byte[] Key, string Issuer, string Audience, TimeSpan Lifetime)
{
    public const string KeyConfig = "Jwt:SigningKey";
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(15);

    public SymmetricSecurityKey SecurityKey => new(Key);
}

/// <summary>
/// Bearer tokens for /api (ADR 0015): HMAC-SHA256 JWTs carrying the user's id, role and security stamp.
/// They are checked by the same session rule as sign-in cookies (<see cref="Sessions"/>), so a disabled,
/// demoted or re-passworded user's token stops working within the session check interval.
/// </summary>
public sealed class ApiTokens(JwtSettings settings, TimeProvider time)
{
    /// <summary>The API's only authentication scheme; pages use the cookie, and neither accepts the other.</summary>
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    public TimeSpan Lifetime => settings.Lifetime;

    public string Issue(UserRecord user)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.Lifetime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(CultureInfo.InvariantCulture),
                [JwtRegisteredClaimNames.Email] = user.Email,
                ["role"] = user.Role,
                [Sessions.StampClaim] = user.SecurityStamp,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(settings.SecurityKey, SecurityAlgorithms.HmacSha256),
        });
    }

    public static void AddApiTokens(WebApplicationBuilder builder, Microsoft.AspNetCore.Authentication.AuthenticationBuilder authentication)
    {
        var settings = Read(builder);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<ApiTokens>();
        authentication.AddJwtBearer(Scheme, o =>
        {
            o.MapInboundClaims = true; // sub → NameIdentifier, role → Role: the claims the session rule reads
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                IssuerSigningKey = settings.SecurityKey,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                RoleClaimType = ClaimTypes.Role,
            };
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = async ctx =>
                {
                    var sessions = ctx.HttpContext.RequestServices.GetRequiredService<Sessions>();
                    if (ctx.Principal is null || !await sessions.IsCurrentAsync(ctx.Principal, ctx.HttpContext.RequestAborted))
                    {
                        ctx.Fail("The token's session has ended (the user was disabled or changed). Ask for a new token.");
                    }
                },
            };
        });
    }

    /// <summary>
    /// Jwt:SigningKey (at least 32 characters) is required in Production and shared by every node; elsewhere
    /// a random key is generated per process (tokens then die with a restart). Jwt:Issuer and Jwt:Audience
    /// default to "erp"/"erp-api"; Jwt:LifetimeMinutes defaults to and is capped at 15.
    /// </summary>
    private static JwtSettings Read(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var key = config[JwtSettings.KeyConfig];
        byte[] keyBytes;
        if (string.IsNullOrWhiteSpace(key))
        {
            if (builder.Environment.IsProduction())
            {
                throw new InvalidOperationException(
                    $"{JwtSettings.KeyConfig} is not set (env var Jwt__SigningKey, at least 32 random characters shared by every node): it signs API tokens.");
            }
            keyBytes = RandomNumberGenerator.GetBytes(32);
        }
        else if (key.Length < 32)
        {
            throw new InvalidOperationException($"{JwtSettings.KeyConfig} needs at least 32 characters.");
        }
        else
        {
            keyBytes = Encoding.UTF8.GetBytes(key);
        }
        var minutes = config.GetValue("Jwt:LifetimeMinutes", 15.0);
        if (minutes <= 0 || TimeSpan.FromMinutes(minutes) > JwtSettings.MaxLifetime)
        {
            throw new InvalidOperationException("Jwt:LifetimeMinutes must be more than 0 and at most 15.");
        }
        return new JwtSettings(keyBytes, config["Jwt:Issuer"] ?? "erp", config["Jwt:Audience"] ?? "erp-api", TimeSpan.FromMinutes(minutes));
    }
}
