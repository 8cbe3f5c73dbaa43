import { renderToString } from 'preact-render-to-string'
import { describe, expect, it } from 'vitest'
import { AttachmentsPage } from './attachment.views.js'

describe('the attachments page', () => {
  it('shows the 上传日期 in China time, like the audit trail', () => {
    const html = renderToString(
      <AttachmentsPage
        viewer={{
          userId: 'u1',
          username: 'officer',
          displayName: '信息员',
          grants: [],
          mustChangePassword: false,
          sessionId: 's1',
          csrfToken: 't',
        }}
        csrfToken="t"
        maxUploadBytes={1024}
        data={{
          item: { id: 'i1', title: '通知', status: 'draft', organId: 'o1' },
          mayChange: false,
          attachments: [
            {
              id: 'a1',
              itemId: 'i1',
              filename: '附件.pdf',
              mediaType: 'application/pdf',
              size: 10,
              sha256: 'x',
              hasText: false,
              inline: true,
              // 00:30 on 21 October in Beijing.
              createdAt: '2026-10-20T16:30:00.000Z',
            },
          ],
        }}
      />,
    )
    expect(html).toContain('<td>2026-10-21</td>')
    expect(html).not.toContain('2026-10-20')
  })
})
