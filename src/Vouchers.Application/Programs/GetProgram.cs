using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Programs;

public sealed record GetProgram(Guid ProgramId) : IQuery<ProgramView>;

public sealed class GetProgramHandler(IVouchersDb db) : IRequestHandler<GetProgram, ProgramView>
{
    public async Task<ProgramView> Handle(GetProgram q, CancellationToken ct) =>
        ProgramView.From(await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == q.ProgramId, ct)
                         ?? throw new NotFoundException("program", q.ProgramId));
}
