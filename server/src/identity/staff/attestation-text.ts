/**
 * The confidentiality agreement staff sign before they reach patient data (SEC-7), in plain
 * language, in English and Spanish. Changing the words means a new version: everyone signs
 * again, because a signature only covers the text that was shown.
 */

/** The version staff must have signed; bump it (year-month) whenever the text changes. */
export const CURRENT_ATTESTATION_VERSION = '2026-11';

/** The languages the agreement is written in. */
export type AttestationLocale = 'en' | 'es';

/** The agreement's title and paragraphs for one language. */
export interface AttestationText {
  title: string;
  paragraphs: readonly string[];
}

/** The current agreement, by language. */
export const ATTESTATION_TEXT: Readonly<Record<AttestationLocale, AttestationText>> = {
  en: {
    title: 'Confidentiality agreement',
    paragraphs: [
      'Patients trust us with their health information. I will look at a patient’s record only when my work for that patient needs it, and only at the parts I need.',
      'I will not share what I see with anyone who does not need it for the patient’s care or for running the practice, including family, friends and other staff. This lasts after I stop working here.',
      'I will keep my password and second factor to myself, sign out or lock the screen when I step away, and never let anyone else work under my account.',
      'I understand that every time I open a record it is logged, that patients can see who looked at their record, and that misuse can end my access and my job and be reported to the authorities.',
      'If I see or suspect that patient information was misused or exposed, I will tell the practice’s privacy officer straight away.',
    ],
  },
  es: {
    title: 'Acuerdo de confidencialidad',
    paragraphs: [
      'Los pacientes nos confían su información de salud. Solo consultaré el expediente de un paciente cuando mi trabajo con ese paciente lo requiera, y solo las partes que necesite.',
      'No compartiré lo que vea con nadie que no lo necesite para la atención del paciente o el funcionamiento de la clínica, incluidos familiares, amistades y otro personal. Este compromiso sigue vigente después de dejar de trabajar aquí.',
      'Mantendré en secreto mi contraseña y mi segundo factor, cerraré la sesión o bloquearé la pantalla cuando me aleje, y nunca permitiré que otra persona trabaje con mi cuenta.',
      'Entiendo que cada vez que abro un expediente queda registrado, que los pacientes pueden ver quién consultó su expediente, y que el mal uso puede costarme el acceso y el empleo y ser denunciado ante las autoridades.',
      'Si veo o sospecho que la información de un paciente se usó indebidamente o quedó expuesta, avisaré de inmediato al responsable de privacidad de la clínica.',
    ],
  },
};
