/** Words of the portal results pages. */
import { defineMessages } from '../../i18n/i18n';

export const resultsMessages = defineMessages(
  {
    title: 'Results',
    filterLabel: 'Show results for',
    allTests: 'All tests',
    trends: 'Trends over time',
    noTrends: 'Trends appear once a test has been done at least twice.',
    reports: 'Lab reports',
    noReports: 'No lab reports yet.',
    allResults: 'All results',
    reportDate: 'Collected {date}',
    reportBy: 'Reported by {name}',
    conclusion: 'What the report says',
    corrected: 'Corrected',
    correctedNote: 'This report was corrected after it was first released.',
    status_preliminary: 'Preliminary: results may still change.',
    status_partial: 'Partial: some results are still to come.',
  },
  {
    title: 'Resultados',
    filterLabel: 'Mostrar resultados de',
    allTests: 'Todas las pruebas',
    trends: 'Tendencias en el tiempo',
    noTrends: 'Las tendencias aparecen cuando una prueba se ha hecho al menos dos veces.',
    reports: 'Informes de laboratorio',
    noReports: 'Todavía no hay informes de laboratorio.',
    allResults: 'Todos los resultados',
    reportDate: 'Obtenido el {date}',
    reportBy: 'Informado por {name}',
    conclusion: 'Lo que dice el informe',
    corrected: 'Corregido',
    correctedNote: 'Este informe se corrigió después de publicarse por primera vez.',
    status_preliminary: 'Preliminar: los resultados aún pueden cambiar.',
    status_partial: 'Parcial: faltan algunos resultados.',
  },
);
