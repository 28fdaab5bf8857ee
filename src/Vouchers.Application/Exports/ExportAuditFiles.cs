using System.Globalization;
using FluentValidation;
using MediatR;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Application.Localization;

namespace Vouchers.Application.Exports;

/// <summary>
/// The auditor's export for a range of Vietnamese dates, <c>from</c> and <c>to</c> inclusive (<c>yyyy-MM-dd</c>, at most
/// <see cref="ExportRange.MaxDays"/> days), as one zip archive (<see cref="AuditExportWriter"/>, made by <see cref="IExportArchives"/>). The archive is written
/// to a temporary file that is deleted when the answer has been sent, so memory stays small and a failure half-way is
/// an error answer, not a truncated download.
/// </summary>
public sealed record ExportAuditFiles(string? From, string? To) : IQuery<ExportArchive>;

/// <summary>The archive, read from its start; whoever sends it disposes it (which deletes the file).</summary>
public sealed record ExportArchive(Stream Content, string FileName, ExportManifest Manifest);

public sealed class ExportAuditFilesValidator : AbstractValidator<ExportAuditFiles>
{
    public ExportAuditFilesValidator()
    {
        RuleFor(q => q.From).NotEmpty().Must(BeADate).WithMessage("'{PropertyValue}' is not a date yyyy-MM-dd.").WithErrorCode(ValidationCodes.NotADate);
        RuleFor(q => q.To).NotEmpty().Must(BeADate).WithMessage("'{PropertyValue}' is not a date yyyy-MM-dd.").WithErrorCode(ValidationCodes.NotADate);
        // the same range as every other date parameter (DateRules): 0001-01-01 has no first instant in Vietnam, 9999-12-31 no next day
        RuleFor(q => q.From).Must(BeASupportedDate).When(q => BeADate(q.From)).WithMessage(OutOfRange).WithErrorCode(ValidationCodes.DateOutOfRange);
        RuleFor(q => q.To).Must(BeASupportedDate).When(q => BeADate(q.To)).WithMessage(OutOfRange).WithErrorCode(ValidationCodes.DateOutOfRange);
        When(q => BeASupportedDate(q.From) && BeASupportedDate(q.To), () =>
        {
            RuleFor(q => q.To).Must((q, to) => Parse(to) >= Parse(q.From)).WithMessage("must not be before from.").WithErrorCode(ValidationCodes.ToBeforeFrom);
            RuleFor(q => q.To).Must((q, to) => Parse(to).DayNumber - Parse(q.From).DayNumber + 1 <= ExportRange.MaxDays)
                .When(q => Parse(q.To) >= Parse(q.From)).WithMessage($"the range may cover at most {ExportRange.MaxDays} days.").WithErrorCode(ValidationCodes.RangeTooLong);
        });
    }

    private static readonly string OutOfRange =
        $"must be between {VietnamTime.EarliestDate:yyyy-MM-dd} and {VietnamTime.LatestDate:yyyy-MM-dd}.";

    private static bool BeASupportedDate(string? s) => BeADate(s) && Parse(s) >= VietnamTime.EarliestDate && Parse(s) <= VietnamTime.LatestDate;

    private static bool BeADate(string? s) => s is not null && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    internal static DateOnly Parse(string? s) => DateOnly.ParseExact(s!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public sealed class ExportAuditFilesHandler(IVouchersDb db, IMediator mediator, TimeProvider clock, IExportArchives archives, IRequestContext request)
    : IRequestHandler<ExportAuditFiles, ExportArchive>
{
    public async Task<ExportArchive> Handle(ExportAuditFiles q, CancellationToken ct)
    {
        var range = new ExportRange(ExportAuditFilesValidator.Parse(q.From), ExportAuditFilesValidator.Parse(q.To));
        var (file, manifest) = await archives.ZipAsync(clock.GetUtcNow(), sink => new AuditExportWriter(db, mediator, clock, request).WriteAsync(range, sink, ct));
        return new ExportArchive(file, string.Create(CultureInfo.InvariantCulture, $"vouchers-audit-{range.From:yyyy-MM-dd}-{range.To:yyyy-MM-dd}.zip"), manifest);
    }
}
