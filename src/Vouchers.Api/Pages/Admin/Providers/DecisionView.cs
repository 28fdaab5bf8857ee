namespace Vouchers.Api.Pages.Admin.Providers;

/// <summary>
/// A decision form of the provider page (<c>_Decision.cshtml</c>): its handler and field prefix, its heading and button,
/// whether it carries an accreditation's number and validity (accredit, renew) or a reason (suspend, reinstate).
/// </summary>
public sealed record DecisionView(DetailsModel Page, string Prefix, DetailsModel.DecisionForm Form, string Heading, string Button,
    bool Validity, bool Danger = false);
