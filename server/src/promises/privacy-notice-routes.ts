/**
 * GET /api/privacy-notice: the current privacy notice, for anyone (it is public before
 * sign-in, and linked from every page of the web app).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { currentPrivacyNotice } from './privacy-notice.js';

const Standing = Type.Union([
  Type.Literal('in_force'),
  Type.Literal('in_force_with_limits'),
  Type.Literal('not_yet_offered'),
]);

const NoticeSchema = Type.Object({
  version: Type.String(),
  lastUpdated: Type.String({ format: 'date' }),
  dataLocation: Type.String(),
  sections: Type.Array(
    Type.Object({
      area: Type.String(),
      promises: Type.Array(
        Type.Object({
          id: Type.String(),
          promise: Type.String(),
          howWeKeepIt: Type.String(),
          standing: Standing,
          limits: Type.Optional(Type.String()),
        }),
      ),
    }),
  ),
});

export function registerPrivacyNoticeRoutes(
  app: FastifyInstance,
  options: { dataLocation: string },
): void {
  // Built once: the registry ships with the code, so it changes only with a new release.
  const notice = currentPrivacyNotice(options.dataLocation);
  app.get(
    '/api/privacy-notice',
    {
      schema: {
        tags: ['privacy'],
        summary: 'The privacy notice: every promise and whether it is in force (public)',
        response: { 200: NoticeSchema },
      },
    },
    () => Promise.resolve(notice),
  );
}
