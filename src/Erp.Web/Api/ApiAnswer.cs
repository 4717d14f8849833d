using System.Text.Json;
using Erp.Data.Api;
using Erp.Web.Hosting;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Erp.Web.Api;

/// <summary>
/// Every answer of an /api endpoint: a status, a JSON body (a resource or problem details) and the
/// Location and ETag headers. One type, so the idempotency filter can store any answer and replay it.
/// </summary>
public sealed record ApiAnswer(int Status, object? Body, string? Location = null, string? ETag = null) : IResult
{
    public const string Json = "application/json; charset=utf-8";
    public const string ProblemJson = "application/problem+json; charset=utf-8";

    public bool IsProblem => Body is ProblemDetails;

    public static ApiAnswer Ok(object body, string? etag = null) => new(StatusCodes.Status200OK, body, ETag: etag);

    public static ApiAnswer Created(object body, string location, string? etag = null) => new(StatusCodes.Status201Created, body, location, etag);

    /// <summary>The answer as it goes on the wire (and into the idempotency store).</summary>
    public StoredAnswer ToStored(JsonSerializerOptions options) =>
        new(Status, Body is null ? null : IsProblem ? ProblemJson : Json, Location, ETag,
            Body is null ? null : JsonSerializer.Serialize(Body, Body.GetType(), options));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (Body is ProblemDetails problem)
        {
            problem.Extensions["request_id"] = RequestIds.Of(httpContext);
        }
        return WriteAsync(httpContext, ToStored(options));
    }

    public static async Task WriteAsync(HttpContext context, StoredAnswer answer)
    {
        var response = context.Response;
        response.StatusCode = answer.StatusCode;
        if (answer.Location is not null)
        {
            response.Headers.Location = answer.Location;
        }
        if (answer.ETag is not null)
        {
            response.Headers.ETag = answer.ETag;
        }
        if (answer.Body is not null)
        {
            response.ContentType = answer.ContentType ?? Json;
            await response.WriteAsync(answer.Body);
        }
    }
}

/// <summary>RFC 7807 problem details, the only error shape under /api.</summary>
public static class ApiProblems
{
    public static ApiAnswer Create(int status, string detail, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors) { Title = "The request has invalid fields." };
        problem.Status = status;
        problem.Type = TypeOf(status);
        problem.Title ??= TitleOf(status);
        problem.Detail = detail;
        return new ApiAnswer(status, problem);
    }

    public static ApiAnswer BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, detail);

    public static ApiAnswer NotFound(string detail) => Create(StatusCodes.Status404NotFound, detail);

    public static ApiAnswer Invalid(string field, string message) =>
        Create(StatusCodes.Status422UnprocessableEntity, message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The problem for a bare status (a refused token, an unknown route): written by the /api status-code pages.</summary>
    public static ApiAnswer ForStatus(int status) => Create(status, status switch
    {
        StatusCodes.Status401Unauthorized =>
            "A valid bearer token is needed: POST /api/v1/auth/token, then send it as 'Authorization: Bearer <token>'. Tokens last 15 minutes.",
        StatusCodes.Status403Forbidden => "Your account does not have the role this needs.",
        StatusCodes.Status404NotFound => "There is nothing at this address. The routes are listed in /openapi/v1.json.",
        StatusCodes.Status405MethodNotAllowed => "This address does not take this method. The routes are listed in /openapi/v1.json.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        StatusCodes.Status429TooManyRequests => "Too many requests. Wait and try again.",
        >= 500 => "Something went wrong on our side; nothing more was changed. Quote the request_id when you report it.",
        _ => TitleOf(status),
    });

    private static string TypeOf(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        412 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.13",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        428 => "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        _ => "about:blank",
    };

    private static string TitleOf(int status) => status switch
    {
        428 => "Precondition Required",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"HTTP {status}",
    };
}
