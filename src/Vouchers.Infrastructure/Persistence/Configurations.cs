using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;
using Vouchers.Domain.Sealing;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Infrastructure.Persistence;

internal sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    public void Configure(EntityTypeBuilder<Enterprise> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.HasIndex(e => e.TaxCode).IsUnique();
        b.Property(e => e.Name).HasMaxLength(Text.NameMax);
        b.Property(e => e.ProvinceCode).HasMaxLength(40);
        b.Property(e => e.CommuneWard).HasMaxLength(200);
        b.Property(e => e.Version).IsConcurrencyToken();
    }
}

internal sealed class EnterpriseProfileChangeConfiguration : IEntityTypeConfiguration<EnterpriseProfileChange>
{
    public void Configure(EntityTypeBuilder<EnterpriseProfileChange> b)
    {
        b.ToTable("EnterpriseProfileChanges");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.TaxCode).HasMaxLength(14);
        b.Property(c => c.DeclaredBy).HasMaxLength(200);
        b.Property(c => c.DecidedBy).HasMaxLength(200);
        b.Property(c => c.DecisionNote).HasMaxLength(Text.LongMax);
        b.Ignore(c => c.Requalifies);
        b.Ignore(c => c.Summary);
        ProgramConfiguration.JsonList(b.Property(c => c.Changes), Converters.JsonList<ProfileFieldChange>());
        b.Property(c => c.Proposed).HasConversion(Converters.JsonValue<EnterpriseProfile>()).HasMaxLength(4000);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne<Enterprise>().WithMany().HasForeignKey(c => c.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.EnterpriseId, c.At });
        b.HasIndex(c => new { c.Status, c.At });
        b.HasIndex(c => new { c.TaxCode, c.At });
    }
}

internal sealed class FundConfiguration : IEntityTypeConfiguration<Fund>
{
    public void Configure(EntityTypeBuilder<Fund> b)
    {
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.ProvinceCode).HasMaxLength(40);
        b.Property(f => f.Name).HasMaxLength(Text.NameMax);
        b.HasIndex(f => new { f.ProvinceCode, f.Kind }).IsUnique();
    }
}

internal sealed class BudgetAllocationConfiguration : IEntityTypeConfiguration<BudgetAllocation>
{
    public void Configure(EntityTypeBuilder<BudgetAllocation> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.DecisionNumber).HasMaxLength(Text.ReferenceMax);
        b.Property(a => a.RecordedBy).HasMaxLength(200);
        b.HasIndex(a => new { a.FundId, a.DecisionNumber }).IsUnique();
        b.HasIndex(a => a.TransferId).IsUnique();
        b.HasOne<Fund>().WithMany().HasForeignKey(a => a.FundId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProgramConfiguration : IEntityTypeConfiguration<SupportProgram>
{
    public void Configure(EntityTypeBuilder<SupportProgram> b)
    {
        b.ToTable("Programs");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.HasIndex(p => p.Code).IsUnique();
        b.Property(p => p.Code).HasMaxLength(40);
        b.Property(p => p.Name).HasMaxLength(Text.NameMax);
        b.Property(p => p.ProvinceCode).HasMaxLength(40);
        b.Property(p => p.EnvelopeDecisionNumber).HasMaxLength(Text.ReferenceMax);
        b.Property(p => p.EnvelopeApprovedBy).HasMaxLength(200);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Property(p => p.MinimumSupport).HasDefaultValue(Money.Zero); // V0007 added the columns to existing programs: no minimum, no margin
        b.Property(p => p.PriceMarginPercent).HasDefaultValue(0);
        b.Property(p => p.Nationwide).HasDefaultValue(false); // V0013: existing programs are their province's only
        b.Property(p => p.AmendmentDecisionNumber).HasMaxLength(Text.ReferenceMax); // V0010: finance's amendments and closure (issue 16)
        b.Property(p => p.ClosureDecisionNumber).HasMaxLength(Text.ReferenceMax);
        b.Property(p => p.ClosedBy).HasMaxLength(200);
        b.Ignore(p => p.EligibleSizes);
        JsonList(b.Property(p => p.EligibleServiceKinds), Converters.JsonList<ServiceKind>());
        JsonList(b.Property(p => p.EligibleProviderKinds), Converters.JsonList<ProviderKind>());
        JsonList(b.Property(p => p.EligibleSectors), Converters.JsonList<Sector>());
        JsonList(b.Property(p => p.Caps), Converters.JsonList<ProgramCap>());
        b.HasOne<Fund>().WithMany().HasForeignKey(p => p.FundId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.ProvinceCode, p.Status });
    }

    internal static void JsonList<T>(PropertyBuilder<IReadOnlyList<T>> p,
        (Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<IReadOnlyList<T>, string> Converter,
         Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<IReadOnlyList<T>> Comparer) c) =>
        p.HasConversion(c.Converter, c.Comparer).HasMaxLength(8000);
}

internal sealed class ProviderConfiguration : IEntityTypeConfiguration<ServiceProvider>
{
    public void Configure(EntityTypeBuilder<ServiceProvider> b)
    {
        b.ToTable("Providers");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.HasIndex(p => p.TaxCode).IsUnique();
        b.Property(p => p.Name).HasMaxLength(Text.NameMax);
        b.Property(p => p.ProvinceCode).HasMaxLength(40);
        b.Property(p => p.Version).IsConcurrencyToken();
        ProgramConfiguration.JsonList(b.Property(p => p.Services), Converters.JsonList<ProviderService>());
        b.Property(p => p.PriceListVersion).HasDefaultValue(1); // V0009: existing providers' list is their version 1
        // Per-province accreditations (V0009; the home one moved from the provider's own columns).
        b.Navigation(p => p.Accreditations).HasField("_accreditations").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(p => p.Accreditations, a =>
        {
            a.ToTable("ProviderAccreditations");
            a.WithOwner().HasForeignKey("ProviderId");
            a.HasKey("ProviderId", nameof(ProviderAccreditation.ProvinceCode));
            a.Property(x => x.ProvinceCode).HasMaxLength(40);
            a.Property(x => x.Number).HasMaxLength(Text.ReferenceMax);
            a.Property(x => x.Reason).HasMaxLength(Text.LongMax);
            a.Property(x => x.DecisionNumber).HasMaxLength(Text.ReferenceMax);
            a.HasIndex(x => new { x.ProvinceCode, x.Status });
        });
        // Every version of the services and list prices (V0009; append-only).
        b.Navigation(p => p.PriceLists).HasField("_priceLists").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(p => p.PriceLists, l =>
        {
            l.ToTable("ProviderPriceLists");
            l.WithOwner().HasForeignKey("ProviderId");
            l.HasKey("ProviderId", nameof(ProviderPriceList.Version));
            l.Property(x => x.Version).ValueGeneratedNever();
            ProgramConfiguration.JsonList(l.Property(x => x.Services), Converters.JsonList<ProviderService>());
        });
    }
}

internal sealed class VoucherConfiguration : IEntityTypeConfiguration<Voucher>
{
    public void Configure(EntityTypeBuilder<Voucher> b)
    {
        b.HasKey(v => v.Id);
        b.Property(v => v.Id).ValueGeneratedNever();
        b.HasIndex(v => v.Code).IsUnique();
        b.Property(v => v.Code).HasMaxLength(20);
        b.Property(v => v.ContractNumber).HasMaxLength(Text.ReferenceMax);
        b.Property(v => v.AcceptanceDecisionNumber).HasMaxLength(Text.ReferenceMax);
        b.Property(v => v.EInvoiceNumber).HasMaxLength(50);
        b.Property(v => v.PaymentReference).HasMaxLength(Text.ReferenceMax);
        b.Property(v => v.DeliveryNote).HasMaxLength(Text.LongMax);
        b.Property(v => v.Purpose).HasMaxLength(Text.LongMax);
        b.Property(v => v.QrToken).HasMaxLength(512);
        b.Property(v => v.QrSerial).HasDefaultValue(0); // V0004 added the column to existing rows with 0 (no QR yet)
        b.Ignore(v => v.Qr); // a view over QrSerial and QrToken, not a column
        b.Property(v => v.HeadOfficeTaxCode).HasMaxLength(10).HasDefaultValue(""); // V0007 fills it in for existing rows
        b.Property(v => v.Eligibility).HasConversion(Converters.JsonValue<EligibilitySnapshot?>()).HasMaxLength(4000);
        b.HasIndex(v => new { v.HeadOfficeTaxCode, v.ProgramId });
        b.Property(v => v.ProvinceCode).HasMaxLength(40).HasDefaultValue(""); // V0008 fills it in for existing rows
        b.Property(v => v.BudgetYear).HasDefaultValue(0); // V0012 fills it in for existing rows (the program's year)
        b.HasIndex(v => new { v.ProgramId, v.BudgetYear });
        b.HasIndex(v => new { v.ProvinceCode, v.Status });
        b.Property(v => v.Version).IsConcurrencyToken();
        b.HasIndex(v => new { v.ProviderId, v.EInvoiceNumber }).IsUnique().HasFilter("\"EInvoiceNumber\" IS NOT NULL");
        b.HasIndex(v => v.CommitmentTransferId).IsUnique().HasFilter("\"CommitmentTransferId\" IS NOT NULL");
        b.HasIndex(v => new { v.Status, v.ValidUntil });
        b.HasIndex(v => new { v.EnterpriseId, v.ProgramId });
        b.HasIndex(v => v.SubmittedAt);
        b.HasOne<SupportProgram>().WithMany().HasForeignKey(v => v.ProgramId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Enterprise>().WithMany().HasForeignKey(v => v.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ServiceProvider>().WithMany().HasForeignKey(v => v.ProviderId).OnDelete(DeleteBehavior.Restrict);
        b.Navigation(v => v.History).HasField("_history").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(v => v.History, h =>
        {
            h.ToTable("VoucherTransitions");
            h.WithOwner().HasForeignKey(t => t.VoucherId);
            h.HasKey(t => new { t.VoucherId, t.Sequence });
            h.Property(t => t.Sequence).ValueGeneratedNever();
            h.Property(t => t.ActorSubject).HasMaxLength(200);
            h.Property(t => t.ActorRole).HasMaxLength(40);
            h.Property(t => t.Reason).HasMaxLength(Text.LongMax);
        });
    }
}

internal sealed class LedgerAccountConfiguration : IEntityTypeConfiguration<LedgerAccount>
{
    public void Configure(EntityTypeBuilder<LedgerAccount> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.Name).HasMaxLength(Text.NameMax);
        b.Property(a => a.Version).IsConcurrencyToken();
        // one account of each code per fund & year (fund level) and per program
        b.HasIndex(a => new { a.FundId, a.FiscalYear, a.Code }).IsUnique().HasFilter("\"ProgramId\" IS NULL");
        // a program has accounts in its own year and in each year a decision carried one of its commitments into (V0012)
        b.HasIndex(a => new { a.ProgramId, a.FiscalYear, a.Code }).IsUnique().HasFilter("\"ProgramId\" IS NOT NULL");
        b.HasOne<Fund>().WithMany().HasForeignKey(a => a.FundId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LedgerTransferConfiguration : IEntityTypeConfiguration<LedgerTransfer>
{
    public void Configure(EntityTypeBuilder<LedgerTransfer> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.Reference).HasMaxLength(Text.ReferenceMax);
        b.Property(t => t.Reason).HasMaxLength(Text.LongMax);
        // a pending transfer is resolved (posted or voided) at most once, whatever the concurrency
        b.HasIndex(t => t.PendingId).IsUnique().HasFilter("\"PendingId\" IS NOT NULL");
        b.HasIndex(t => t.VoucherId);
        b.HasIndex(t => t.Timestamp);
        b.HasIndex(t => t.DebitAccountId);
        b.HasIndex(t => t.CreditAccountId);
        b.HasOne<LedgerAccount>().WithMany().HasForeignKey(t => t.DebitAccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LedgerAccount>().WithMany().HasForeignKey(t => t.CreditAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ChainLinkConfiguration : IEntityTypeConfiguration<ChainLink>
{
    public void Configure(EntityTypeBuilder<ChainLink> b)
    {
        b.HasKey(l => l.Height);
        b.Property(l => l.Height).ValueGeneratedNever();
        b.Ignore(l => l.Key);
        b.Property(l => l.Kind).HasConversion<int>();
        // a record is sealed once
        b.HasIndex(l => new { l.Kind, l.RecordId, l.RecordSequence }).IsUnique();
    }
}

internal sealed class ChainCheckpointConfiguration : IEntityTypeConfiguration<ChainCheckpoint>
{
    public void Configure(EntityTypeBuilder<ChainCheckpoint> b)
    {
        b.HasKey(c => c.Number);
        b.Property(c => c.Number).ValueGeneratedNever();
        b.Property(c => c.KeyId).HasMaxLength(16);
        b.HasIndex(c => c.Height).IsUnique();
    }
}
