using System.Text.Json;
using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Data.Rules;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Erp.Web.Api;

/// <summary>
/// POST /api/v1/orders (a draft with lines) and the order actions. Everything goes through the same stores
/// as the order page (write path, stock, credit and invoice rules). Actions need If-Match with the order's
/// ETag: missing 428, stale 412. Every POST takes an Idempotency-Key (<see cref="IdempotencyFilter"/>).
/// </summary>
public static class ApiOrders
{
    public const int MaxLines = 100;

    public static void MapOrders(RouteGroupBuilder api)
    {
        api.MapPost("/orders", CreateAsync)
            .WithSummary("Creates a draft order for a customer with lines; each line takes its product's current price.")
            .WithMetadata(new JsonBody(typeof(NewOrderRequest)))
            .Writes<OrderJson>(StatusCodes.Status201Created)
            .AddEndpointFilter<IdempotencyFilter>();

        MapAction(api, "confirm", "Confirms a draft: checks the credit limit and reserves the stock, all or nothing.",
            (sp, id, version, ct) => sp.GetRequiredService<OrderWorkflow>().ConfirmAsync(id, version, ct));
        MapAction(api, "ship", "Ships a confirmed order: its reserved goods leave the stock.",
            (sp, id, version, ct) => sp.GetRequiredService<OrderWorkflow>().ShipAsync(id, version, ct));
        MapAction(api, "cancel", "Cancels a draft or confirmed order (a reservation is released).",
            (sp, id, version, ct) => sp.GetRequiredService<OrderWorkflow>().CancelAsync(id, version, ct));
        MapAction(api, "invoice", "Invoices a shipped order; answers 201 with the invoice and its Location.",
            (sp, id, version, ct) => sp.GetRequiredService<InvoiceStore>().CreateForOrderAsync(id, version, ct));
    }

    private static void MapAction(RouteGroupBuilder api, string action, string summary,
        Func<IServiceProvider, long, int, CancellationToken, Task<OrderResult>> run)
    {
        var builder = api.MapPost($"/orders/{{id:long}}/{action}", async (long id, HttpContext http, OrderStore orders, InvoiceStore invoices,
                CancellationToken ct) =>
            {
                var (version, refusal) = ETags.IfMatchVersion(http.Request);
                if (refusal is not null)
                {
                    return refusal;
                }
                if (version is null) // If-Match: * acts on the order as it is now
                {
                    if (await orders.GetAsync(id, ct) is not { } current)
                    {
                        return ApiReads.Missing("order", id);
                    }
                    version = current.Version;
                }
                var result = await run(http.RequestServices, id, version.Value, ct);
                if (result.Outcome == OrderOutcome.Conflict && await orders.GetAsync(id, ct) is { } now && now.Version != version)
                {
                    // The store checks the state before the version; a client acting on an old ETag learns that first.
                    return ETags.Stale();
                }
                if (!result.Succeeded)
                {
                    return Refusal(result, id);
                }
                if (action == "invoice" && result.Id is { } invoiceId && await invoices.GetAsync(invoiceId, ct) is { } invoice)
                {
                    return ApiAnswer.Created(ApiJson.From(invoice), $"/api/v1/invoices/{invoiceId}", ETags.Of(invoice.Version));
                }
                return await orders.GetAsync(id, ct) is { } order
                    ? ApiAnswer.Ok(ApiJson.From(order), ETags.Of(order.Version))
                    : ApiReads.Missing("order", id);
            })
            .WithSummary(summary)
            .WithDescription("Send If-Match with the order's ETag. Missing: 428; the order changed meanwhile: 412.")
            .WithMetadata(new IfMatchRequired())
            .AddEndpointFilter<IdempotencyFilter>();
        if (action == "invoice")
        {
            builder.Writes<InvoiceJson>(StatusCodes.Status201Created);
        }
        else
        {
            builder.Writes<OrderJson>(StatusCodes.Status200OK);
        }
        builder.ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }

    private static async Task<ApiAnswer> CreateAsync(HttpContext http, OrderStore orders, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var (input, problem) = await ApiBodies.ReadAsync<NewOrderRequest>(http.Request, json.Value.SerializerOptions, ct);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new Dictionary<string, string[]>();
        if (input!.CustomerId is not > 0)
        {
            errors["customer_id"] = ["customer_id is required: the id of an existing customer."];
        }
        var lines = new List<NewOrderLine>();
        if (input.Lines is null)
        {
            errors["lines"] = ["lines is required: a list of { product_id, quantity } (it may be empty)."];
        }
        else if (input.Lines.Count > MaxLines)
        {
            errors["lines"] = [$"An order takes at most {MaxLines} lines at once."];
        }
        else
        {
            for (var i = 0; i < input.Lines.Count; i++)
            {
                var line = input.Lines[i];
                if (line?.ProductId is not > 0)
                {
                    errors[$"lines[{i}].product_id"] = ["product_id is required: the id of an existing product."];
                }
                if (line?.Quantity is not { } quantity || quantity < 1 || quantity > Quantities.Max)
                {
                    errors[$"lines[{i}].quantity"] = [$"quantity must be a whole number from 1 to {Quantities.Format(Quantities.Max)}."];
                }
                else if (line.ProductId is > 0)
                {
                    lines.Add(new NewOrderLine(line.ProductId.Value, quantity));
                }
            }
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Create(StatusCodes.Status422UnprocessableEntity, "The order has invalid fields; nothing was created.", errors);
        }
        var result = await orders.CreateWithLinesAsync(input.CustomerId!.Value, lines, ct);
        if (!result.Succeeded)
        {
            return Refusal(result, null);
        }
        var id = result.Id!.Value;
        var order = await orders.GetAsync(id, ct);
        return ApiAnswer.Created(ApiJson.From(order!), $"/api/v1/orders/{id}", ETags.Of(order!.Version));
    }

    /// <summary>A refused order write as problem details: the same messages the order page shows.</summary>
    private static ApiAnswer Refusal(OrderResult result, long? id) => result.Outcome switch
    {
        OrderOutcome.NotFound => id is { } orderId ? ApiReads.Missing("order", orderId) : ApiProblems.NotFound(result.Message!),
        OrderOutcome.Stale => ETags.Stale(),
        OrderOutcome.Conflict => ApiProblems.Create(StatusCodes.Status409Conflict, result.Message!),
        _ when result.Field is { } field => ApiProblems.Invalid(JsonField(field), result.Message!),
        _ => ApiProblems.Create(StatusCodes.Status422UnprocessableEntity, result.Message!),
    };

    /// <summary>"Customer", "Lines[2].Product", "Lines[2].Quantity" (the store's names) as the JSON body names them.</summary>
    private static string JsonField(string field) => field == "Customer"
        ? "customer_id"
        : field.Replace("Lines[", "lines[", StringComparison.Ordinal)
            .Replace("].Product", "].product_id", StringComparison.Ordinal)
            .Replace("].Quantity", "].quantity", StringComparison.Ordinal);

    private static RouteHandlerBuilder Writes<T>(this RouteHandlerBuilder builder, int status) => builder
        .Produces<T>(status)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
}

/// <summary>
/// The JSON body an endpoint reads itself (for the OpenAPI document). Not Accepts(): its content-type
/// matching would answer a wrong type before authentication, as a 401 instead of a 415.
/// </summary>
public sealed record JsonBody(Type Type);

/// <summary>JSON request bodies: not JSON, the wrong types or too large is a 400 (or 413/415) problem, never a 500.</summary>
public static class ApiBodies
{
    public const int MaxBytes = 1024 * 1024;

    public static async Task<(T? Value, ApiAnswer? Problem)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, CancellationToken ct)
        where T : class
    {
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.ForStatus(StatusCodes.Status415UnsupportedMediaType));
        }
        if (request.ContentLength > MaxBytes)
        {
            return (null, ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "The request body is larger than 1 MB."));
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, ct);
            return value is null ? (null, ApiProblems.BadRequest("The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            return (null, ApiProblems.BadRequest($"The body is not valid JSON for this request{where}: check the field types (numbers for ids and quantities)."));
        }
        catch (Exception e) when (e is System.Text.DecoderFallbackException or NotSupportedException)
        {
            return (null, ApiProblems.BadRequest("The body is not valid JSON for this request."));
        }
    }
}
