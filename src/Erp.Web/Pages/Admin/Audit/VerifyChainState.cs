using Erp.Data.Audit;

namespace Erp.Web.Pages.Admin.Audit;

/// <summary>
/// What the _VerifyChain block shows: the run it follows after "Verify chain" (polling while it waits or runs), or
/// else the newest result. A page that includes the block (/admin/audit) passes
/// <c>new VerifyChainState(null, await verifications.LatestAsync(ct))</c>.
/// </summary>
public sealed record VerifyChainState(VerifyRun? Run, ChainVerifiedResult? Latest);
